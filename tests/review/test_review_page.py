"""The review page in a real headless Chromium: it loads cleanly, highlights sit on the
records' text, the fields show on click, tables sort and filter, marks export as CSV
that `newsx eval --make-gold` turns into gold, and 1,000 articles stay paged.

Needs Debian's chromium + chromium-driver and selenium (.ci/run installs them).
A screenshot goes to tests/artifacts/.
"""
from __future__ import annotations

import csv
import json
import time
from pathlib import Path

import pytest
from conftest import NO_CHROMIUM, chromium_available, console_errors, open_review_page, run_on_articles, start_chromium

from pipeline.cli import main
from pipeline.review.evaluate import score
from pipeline.review.page import build_review
from pipeline.review.tables import read_extracted

pytest.importorskip("selenium.webdriver")
from selenium.webdriver.common.by import By  # noqa: E402

ARTIFACTS = Path(__file__).resolve().parent.parent / "artifacts"
FIGURE_YELLOW = "rgba(255, 224, 138, 1)"   # --figures in the page's CSS

# Our own news-style articles: a cluster, figures with multipliers and markers, dates, a
# direct and an indirect quote, text a spreadsheet would run as a formula, and markup as text.
ARTICLES = {
    "site.example/cluster-report.txt": (
        "长沙工程机械集群营收再创新高\n"
        "记者从长沙市工信局获悉，2022年长沙工程机械集群实现主营业务收入2850.5亿元，同比增长12.3%，规上企业超过320家。\n"
        "2021年3月，集群新增订单约45亿元。\n"
        "“我们将继续推动集群向世界级迈进。”长沙市工信局局长王建国表示。\n"
        "市发展改革委副主任李明指出，下一步将重点支持龙头企业扩大产能。\n"),
    "plain-note.txt": (
        "苏州纳米新材料集群发布年度报告\n"
        "苏州纳米新材料集群去年引进项目86个，总投资达到1.2万亿元。\n"
        "=SUM(A1:A9)这样的公式文字也出现在网页里，<img src=x onerror=\"document.title='pwned'\">也是。\n"
        "2020年6月，园区企业达到1500家。\n"),
    "broken.txt": "",   # no article text: the run records an error for it
}


pytestmark = pytest.mark.skipif(not chromium_available(), reason=NO_CHROMIUM)


@pytest.fixture(scope="module")
def extracted(tmp_path_factory) -> Path:
    return run_on_articles(tmp_path_factory.mktemp("review"), ARTICLES, "extracted")


@pytest.fixture(scope="module")
def page(extracted) -> Path:
    out = extracted.parent / "review.html"
    assert main(["review", str(extracted), "-o", str(out)]) == 0
    return out


@pytest.fixture(scope="module")
def downloads(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("downloads")


@pytest.fixture(scope="module")
def browser(downloads):
    yield from start_chromium(downloads)


def open_page(browser, path: Path):
    open_review_page(browser, path)


def article_index(tables, article_id: str) -> int:
    return tables.articles.article_id.tolist().index(article_id)


def record_key(tables, kind: str, **match) -> str:
    frame = tables[kind]
    hits = frame.index[(frame[list(match)] == list(match.values())).all(axis=1)].tolist()
    assert len(hits) == 1, f"expected one {kind} record with {match}, found {len(hits)}"
    return f"{kind}:{hits[0]}"


def highlighted_text(browser, key: str) -> str:
    return browser.execute_script(
        "return [...document.querySelectorAll('#article-body [data-recs~=\"' + arguments[0] + '\"]')]"
        ".map(s => s.textContent).join('')", key)


def test_page_is_self_contained(page):
    html = page.read_text(encoding="utf-8")
    assert "<script src" not in html and "<link rel=\"stylesheet\"" not in html
    assert "http://" not in html.split("<script type=\"application/json\"")[0]
    assert "https://" not in html.split("<script type=\"application/json\"")[0]
    assert "Content-Security-Policy" in html and "default-src 'none'" in html
    # The article's markup is data, never markup: it cannot close the data <script>.
    assert "<img src=x" not in html


def test_page_loads_without_console_errors_and_summarises(browser, page, extracted):
    open_page(browser, page)
    assert console_errors(browser) == []
    tables = read_extracted(extracted)
    assert browser.find_element(By.ID, "stat-articles").text == f"{len(tables.articles)} articles"
    for kind in ("clusters", "figures", "dates", "quotes"):
        assert browser.find_element(By.ID, f"stat-{kind}").text.split()[-1] == str(len(tables[kind]))
    assert browser.find_element(By.ID, "stat-errors").text == "1 errors"
    # The failed article is listed with its error, and opens to it.
    browser.find_element(By.CSS_SELECTOR, "#summary details summary").click()
    browser.find_element(By.CSS_SELECTOR, "#summary details li").click()
    error = tables.articles.error[tables.articles.article_id == "broken"].item()
    assert error and browser.find_element(By.ID, "article-error").text == error


def test_every_highlight_sits_on_its_records_text(browser, page, extracted):
    open_page(browser, page)
    tables = read_extracted(extracted)
    checked = set()
    for ai, article in tables.articles[tables.articles.status == "ok"].iterrows():
        browser.execute_script("newsxReview.openArticle(arguments[0])", ai)
        body = browser.find_element(By.ID, "article-body").text
        assert body.replace("\n", "") == article.body.replace("\n", "")
        for kind, shown in (("clusters", "name"), ("figures", "text"), ("dates", "text"), ("quotes", None)):
            frame = tables[kind]
            for idx, rec in frame[frame.article_id == article.article_id].iterrows():
                text = highlighted_text(browser, f"{kind}:{idx}")
                assert text == article.body[rec.start:rec.end]
                if shown:
                    assert text == rec[shown], (kind, rec[shown], text)
                checked.add(kind)
    assert checked == {"clusters", "figures", "dates", "quotes"}   # the fixture has every type
    # Highlights carry their type's colour.
    tables_key = record_key(tables, "figures", text="2850.5亿元")
    browser.execute_script("newsxReview.openArticle(arguments[0])", article_index(tables, "site.example/cluster-report"))
    span = browser.find_element(By.CSS_SELECTOR, f'#article-body [data-recs~="{tables_key}"]')
    assert span.value_of_css_property("background-color") == FIGURE_YELLOW


def test_markup_in_article_text_is_shown_as_text(browser, page):
    open_page(browser, page)
    browser.execute_script("newsxReview.openArticle(arguments[0])", article_index(read_extracted(page.parent / "extracted"), "plain-note"))
    body = browser.find_element(By.ID, "article-body")
    assert "<img src=x onerror=" in body.text
    assert body.find_elements(By.TAG_NAME, "img") == []
    assert browser.title == "newsx review"


def click_highlight(browser, page, extracted, article_id: str, kind: str, **match):
    """Open the review page at an article and click a record's highlight; (tables, record key)."""
    open_page(browser, page)
    tables = read_extracted(extracted)
    browser.execute_script("newsxReview.openArticle(arguments[0])", article_index(tables, article_id))
    key = record_key(tables, kind, **match)
    browser.find_element(By.CSS_SELECTOR, f'#article-body [data-recs~="{key}"]').click()
    return tables, key


def test_clicking_a_highlight_shows_value_unit_approx_and_rule(browser, page, extracted):
    tables, key = click_highlight(browser, page, extracted, "site.example/cluster-report", "figures", text="45亿元")
    popover = browser.find_element(By.ID, "popover")
    assert popover.is_displayed()
    fields = {row.find_element(By.CSS_SELECTOR, "td:first-child").text: row.find_element(By.CSS_SELECTOR, "td:last-child").text
              for row in popover.find_elements(By.CSS_SELECTOR, f'[data-rec="{key}"] tr[data-field]')}
    rec = tables.figures.loc[int(key.split(":")[1])]
    assert fields["value"] == "4500000000"        # plain digits, never 4.5e9
    assert fields["unit"] == rec.unit == "元"
    assert fields["approx"] == rec.approx == "about"
    assert fields["rule"] == rec.rule
    # A quote shows its speaker; hovering shows the same in the tooltip.
    qkey = record_key(tables, "quotes", speaker="王建国")
    span = browser.find_element(By.CSS_SELECTOR, f'#article-body [data-recs~="{qkey}"]')
    assert "王建国" in span.get_attribute("title") and tables.quotes.loc[int(qkey.split(":")[1])].rule in span.get_attribute("title")
    span.click()
    speaker = browser.find_element(By.CSS_SELECTOR, f'#popover [data-rec="{qkey}"] tr[data-field="speaker"]')
    assert speaker.text.endswith("王建国")


def table_column(browser, col: str) -> list[str]:
    cols = [th.get_attribute("data-col") for th in browser.find_elements(By.CSS_SELECTOR, "#table-wrap th[data-col]")]
    i = cols.index(col) + 1
    return [td.text for td in browser.find_elements(By.CSS_SELECTOR, f"#table-wrap tbody tr td:nth-child({i})")]


def test_record_table_sorts_and_filters(browser, page, extracted):
    open_page(browser, page)
    figures = read_extracted(extracted).figures
    browser.find_element(By.ID, "tab-tables").click()
    browser.find_element(By.CSS_SELECTOR, '#kind-tabs [data-kind="figures"]').click()
    assert len(table_column(browser, "value")) == len(figures)

    header = browser.find_element(By.CSS_SELECTOR, '#table-wrap th[data-col="value"]')
    header.click()
    values = [float(v) for v in table_column(browser, "value")]
    assert values == sorted(figures.value.tolist())
    header.click()
    assert [float(v) for v in table_column(browser, "value")] == sorted(figures.value.tolist(), reverse=True)

    value_filter = browser.find_element(By.CSS_SELECTOR, '#table-wrap input[data-filter="value"]')
    value_filter.send_keys(">1000000")
    shown = [float(v) for v in table_column(browser, "value")]
    assert shown == sorted(figures.value[figures.value > 1_000_000].tolist(), reverse=True) and shown
    value_filter.clear()
    value_filter.send_keys("x")   # clear() does not fire input events; editing does
    value_filter.send_keys("\b")
    browser.find_element(By.CSS_SELECTOR, '#table-wrap input[data-filter="unit"]').send_keys("%")
    assert table_column(browser, "unit") == ["%"] * int((figures.unit == "%").sum())

    # A row opens its article with the record's fields.
    browser.find_element(By.CSS_SELECTOR, "#table-wrap tbody tr").click()
    assert browser.find_element(By.ID, "view-articles").is_displayed()
    assert browser.find_element(By.ID, "popover").is_displayed()


def test_marks_export_as_csv_that_becomes_gold(browser, page, extracted, downloads, tmp_path):
    open_page(browser, page)
    tables = read_extracted(extracted)
    ai = article_index(tables, "site.example/cluster-report")
    browser.execute_script("newsxReview.openArticle(arguments[0])", ai)
    body = tables.articles.body[ai]

    # Mark one figure wrong through its popover.
    wrong_key = record_key(tables, "figures", text="12.3%")
    browser.find_element(By.CSS_SELECTOR, f'#article-body [data-recs~="{wrong_key}"]').click()
    browser.find_element(By.CSS_SELECTOR, f'#popover [data-rec="{wrong_key}"] input').send_keys("growth rate, not a level")
    browser.find_element(By.CSS_SELECTOR, f'#popover [data-rec="{wrong_key}"] button.mark-wrong').click()
    assert "is-wrong" in browser.find_element(By.CSS_SELECTOR, f'#article-body [data-recs~="{wrong_key}"]').get_attribute("class")

    # Select a stretch of text with the mouse's API and add it as a missing figure.
    missing_text = "2021年3月"
    start = body.index(missing_text)
    browser.execute_script("""
        const body = document.getElementById('article-body'), [s, e] = [arguments[0], arguments[1]];
        const at = off => { for (const span of body.children) { const a = +span.dataset.s;
            if (off >= a && off <= a + span.textContent.length) return [span.firstChild, off - a]; } };
        const r = document.createRange(); r.setStart(...at(s)); r.setEnd(...at(e));
        const sel = getSelection(); sel.removeAllRanges(); sel.addRange(r);
        body.dispatchEvent(new MouseEvent('mouseup', {bubbles: true}));""", start, start + len(missing_text))
    form = browser.find_element(By.ID, "missing-form")
    deadline = time.time() + 5
    while not form.is_displayed():
        assert time.time() < deadline, "selecting text did not open the missing-record form"
        time.sleep(0.05)
    assert browser.find_element(By.ID, "missing-text").text == missing_text
    form.find_element(By.NAME, "kind").send_keys("date")
    form.find_element(By.NAME, "value").send_keys("2021-03")
    form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    assert browser.find_elements(By.CSS_SELECTOR, "#article-body .k-missing")

    browser.find_element(By.ID, "reviewed-toggle").click()
    browser.find_element(By.ID, "export-marks").click()
    exported = downloads / "review-marks.csv"
    deadline = time.time() + 10
    while not exported.exists():
        assert time.time() < deadline, "the marks CSV was not downloaded"
        time.sleep(0.1)
    raw = exported.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw
    with open(exported, encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    assert sorted(r["mark"] for r in rows) == ["missing", "reviewed", "wrong"]

    gold_dir = tmp_path / "gold"
    assert main(["eval", "--make-gold", str(exported), str(extracted), "-o", str(gold_dir)]) == 0
    gold = json.loads((gold_dir / "cluster-report.gold.json").read_text(encoding="utf-8"))
    assert gold["body"] == body
    figures = tables.figures[tables.figures.article_id == "site.example/cluster-report"]
    assert sorted(f["text"] for f in gold["figures"]) == sorted(t for t in figures.text if t != "12.3%")
    assert {"text": missing_text, "value": "2021-03"} in gold["dates"]
    summary, _ = score(gold_dir, extracted)
    n_fig = len(figures)
    assert (summary["figures"]["tp"], summary["figures"]["pred"], summary["figures"]["gold"]) == (n_fig - 1, n_fig, n_fig - 1)
    assert summary["dates"]["gold"] == summary["dates"]["pred"] + 1


def test_screenshot(browser, page, extracted):
    click_highlight(browser, page, extracted, "site.example/cluster-report", "figures", text="2850.5亿元")
    ARTIFACTS.mkdir(exist_ok=True)
    assert browser.save_screenshot(str(ARTIFACTS / "review.png"))
    assert (ARTIFACTS / "review.png").stat().st_size > 10_000


def test_thousand_articles_stay_paged(browser, extracted, tmp_path):
    """1,000 articles: the page renders 50 list items and 100 table rows, not everything."""
    big = tmp_path / "big"
    big.mkdir()
    source = json.loads((extracted / "articles.jsonl").read_text(encoding="utf-8").splitlines()[-1])
    with open(big / "articles.jsonl", "w", encoding="utf-8") as f:
        for i in range(1000):
            f.write(json.dumps(dict(source, article_id=f"bulk/{i:04d}", title=f"{source['title']} {i}"), ensure_ascii=False) + "\n")
    with open(extracted / "figures.csv", encoding="utf-8-sig", newline="") as f:
        rows = [r for r in csv.DictReader(f) if r["article_id"] == source["article_id"]]
    with open(big / "figures.csv", "w", encoding="utf-8-sig", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]), lineterminator="\r\n")
        writer.writeheader()
        for i in range(1000):
            for r in rows:
                writer.writerow(dict(r, article_id=f"bulk/{i:04d}"))
    out = tmp_path / "big.html"
    summary = build_review(big, out)
    assert summary.articles == 1000 and summary.records["figures"] == 1000 * len(rows)

    started = time.time()
    open_page(browser, out)
    assert time.time() - started < 10
    assert console_errors(browser) == []
    assert len(browser.find_elements(By.CSS_SELECTOR, "#article-list li")) == 50
    assert "page 1 of 20" in browser.find_element(By.CSS_SELECTOR, "#article-pager .page-info").text
    browser.find_element(By.CSS_SELECTOR, "#article-pager .next").click()
    first = browser.find_element(By.CSS_SELECTOR, "#article-list li .aid").text
    assert first == "bulk/0050"
    browser.find_element(By.ID, "article-filter").send_keys("bulk/0999")
    items = browser.find_elements(By.CSS_SELECTOR, "#article-list li")
    assert len(items) == 1
    items[0].click()
    assert browser.find_element(By.CSS_SELECTOR, "#article .meta b").text == "bulk/0999"
    browser.find_element(By.ID, "tab-tables").click()
    browser.find_element(By.CSS_SELECTOR, '#kind-tabs [data-kind="figures"]').click()
    assert len(browser.find_elements(By.CSS_SELECTOR, "#table-wrap tbody tr")) == 100
