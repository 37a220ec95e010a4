"""`newsx review` without a browser: the page embeds the data safely and whole."""
from __future__ import annotations

import json
import re

from pipeline.cli import main
from pipeline.review.page import review_data

HOSTILE_BODY = "正文</script><script>alert(1)</script>\u2028第二段<!-- 注释 -->增长12%。"


def make_extracted(folder):
    folder.mkdir()
    article = {"article_id": "a/1", "title": "标题</script>", "body": HOSTILE_BODY, "status": "ok", "n_chars": len(HOSTILE_BODY)}
    (folder / "articles.jsonl").write_text(json.dumps(article, ensure_ascii=False) + "\n", encoding="utf-8")
    start = HOSTILE_BODY.index("12%")
    (folder / "figures.csv").write_text(
        "\ufeffarticle_id,text,value,unit,approx,metric,subject,start,end,sentence,rule\r\n"
        f"a/1,12%,12,%,,,,{start},{start + 3},增长12%。,figures.percent\r\n"
        "orphan/2,3个,3,个,,,,0,2,3个,figures.number_unit\r\n", encoding="utf-8")
    return folder


def test_review_embeds_the_data_so_no_text_can_break_out(tmp_path, capsys):
    extracted = make_extracted(tmp_path / "extracted")
    out = tmp_path / "review.html"
    assert main(["review", str(extracted), "-o", str(out)]) == 0
    assert "1 articles (0 errors)" in capsys.readouterr().out
    html = out.read_text(encoding="utf-8")
    assert html.count("</script>") == 2          # the page's own two scripts, nothing from the data
    payload = re.search(r'<script type="application/json" id="newsx-data">(.*?)</script>', html, re.S).group(1)
    data = json.loads(payload)
    assert data == review_data(extracted)
    body = data["articles"][0][data["article_columns"].index("body")]
    assert body == HOSTILE_BODY
    rows = data["kinds"]["figures"]["rows"]
    assert len(rows) == 1                        # the record of an article not in articles.jsonl is left out
    cols = data["kinds"]["figures"]["columns"]
    assert rows[0][1 + cols.index("value")] == 12.0 and rows[0][1 + cols.index("start")] == HOSTILE_BODY.index("12%")


def test_review_needs_an_output_folder(tmp_path, capsys):
    assert main(["review", str(tmp_path / "nothing"), "-o", str(tmp_path / "r.html")]) == 2
    assert "articles.jsonl not found" in capsys.readouterr().err
    assert not (tmp_path / "r.html").exists()
