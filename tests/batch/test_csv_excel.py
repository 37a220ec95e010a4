"""The CSV files as Excel and WPS on Windows read them: UTF-8 with a BOM, CRLF rows,
RFC 4180 quoting (multi-line cells too), no formula injection from article text,
the contract's columns in order, and numbers as plain decimals."""
from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest

from pipeline.batch.output import csv_cell, write_csv
from pipeline.cli import main

# The contract's columns (../shared/CONTRACT.md), written out here so a reordering in code fails.
CONTRACT_COLUMNS = {
    "articles.csv": "article_id, url, site, title, published_at, source, author, n_chars, status, error",
    "clusters.csv": "article_id, name, canonical, start, end, sentence, rule",
    "figures.csv": "article_id, text, value, unit, approx, change, metric, subject, start, end, sentence, rule",
    "dates.csv": "article_id, text, value, date_from, date_to, start, end, sentence, rule",
    "quotes.csv": "article_id, speaker, title, org, quote, kind, cue, start, end, rule",
}
PLAIN_NUMBER = re.compile(r"^-?\d+(\.\d+)?$")
FORMULA_START = tuple("=+-@\t\r")

# Our own article: large and small multipliers, a percentage, and lines that start the way
# spreadsheet formulas do, so their sentences land in the CSV cells.
ARTICLE = (
    "无锡物联网集群规模再扩大\n"
    "2023年，无锡物联网集群营业收入达到3.5万亿元，同比增长6.2%。\n"
    "=HYPERLINK(\"http://example.invalid\",\"点击\")之类的文字混进了正文，园区新增企业120家。\n"
    "+86的区号后面，客服电话接通率为98%。\n"
    "-3%的降幅出现在2022年4月。\n"
    "@园区管委会 发布通知称，今年将新建厂房20万平方米。\n"
)


@pytest.fixture(scope="module")
def extracted(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("excel")
    (root / "in").mkdir()
    (root / "in" / "wuxi-iot.txt").write_text(ARTICLE, encoding="utf-8")
    assert main(["run", str(root / "in"), "-o", str(root / "out")]) == 0
    return root / "out"


def read_raw(path: Path) -> bytes:
    return path.read_bytes()


def test_every_csv_file_written_has_bom_and_crlf(extracted):
    """Files beyond the contract (errors.csv…) are opened in Excel too."""
    names = sorted(p.name for p in extracted.glob("*.csv"))
    assert set(CONTRACT_COLUMNS) <= set(names)
    for name in names:
        raw = read_raw(extracted / name)
        assert raw.startswith(b"\xef\xbb\xbf") and raw.endswith(b"\r\n"), name


@pytest.mark.parametrize("name", sorted(CONTRACT_COLUMNS))
def test_csv_is_utf8_with_bom_crlf_and_contract_columns(extracted, name):
    raw = read_raw(extracted / name)
    assert raw.startswith(b"\xef\xbb\xbf"), "Excel needs the BOM to read UTF-8 Chinese"
    text = raw.decode("utf-8-sig")
    assert text.endswith("\r\n")
    # Every line break outside a quoted cell is CRLF.
    outside_quotes = re.sub(r'"(?:[^"]|"")*"', '""', text)
    assert "\n" not in outside_quotes.replace("\r\n", "")
    header = next(csv.reader(io.StringIO(text)))
    expected = [c.strip() for c in CONTRACT_COLUMNS[name].split(",")]
    assert header[:len(expected)] == expected


def rows_of(extracted: Path, name: str) -> list[dict]:
    with open(extracted / name, encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


def test_no_cell_from_article_text_starts_like_a_formula(extracted):
    escaped = 0
    for name in CONTRACT_COLUMNS:
        for row in rows_of(extracted, name):
            for col, cell in row.items():
                if col in ("value", "start", "end", "n_chars") and PLAIN_NUMBER.match(cell):
                    continue   # numbers are numbers; -3 is not a formula
                assert not cell.startswith(FORMULA_START), (name, col, cell)
                escaped += cell.startswith("'") and cell[1:2] in "=+-@"
    assert escaped >= 3   # the sentences starting with =, +, - and @ were written, escaped


def test_values_are_plain_decimals(extracted):
    figures = rows_of(extracted, "figures.csv")
    assert figures
    for row in figures:
        assert PLAIN_NUMBER.match(row["value"]), row["value"]
        assert PLAIN_NUMBER.match(row["start"]) and PLAIN_NUMBER.match(row["end"])
    by_text = {row["text"]: row["value"] for row in figures}
    assert by_text.get("3.5万亿元") == "3500000000000"      # not 3.5e+12
    assert by_text.get("6.2%") == "6.2"


@pytest.mark.parametrize("value, cell", [
    ("=1+1", "'=1+1"), ("+86 电话", "'+86 电话"), ("-3%的降幅", "'-3%的降幅"), ("@管委会", "'@管委会"),
    ("\t=1", "'\t=1"), ("\r=1", "'\r=1"), ("正常文字=1", "正常文字=1"),
    (137860000000.0, "137860000000"), (0.0005, "0.0005"), (1.2e13, "12000000000000"), (-3.0, "-3"), (12, "12"),
    (None, ""),
    # A number or an ISO date or interval written as text (BCE years are negative) is no formula.
    ("-3300", "-3300"), ("-12.5", "-12.5"), ("-0500-03", "-0500-03"), ("-3300/-3000", "-3300/-3000"),
    ("-0500/2000", "-0500/2000"),
    # Anything more after the sign still is: a function, a reference, arithmetic with words.
    ("-3300+SUM(A1)", "'-3300+SUM(A1)"), ("-1+cmd|' /C calc'!A0", "'-1+cmd|' /C calc'!A0"),
    ("-3300年", "'-3300年"), ("+3300", "'+3300"), ("-A1", "'-A1"),
])
def test_csv_cell(value, cell):
    assert csv_cell(value) == cell


def test_multiline_and_quoted_cells_round_trip_rfc4180(tmp_path):
    path = tmp_path / "t.csv"
    cells = ["第一行\n第二行", '他说："好"', "a,b", "=cmd|' /C calc'!A0"]
    write_csv(path, ["a", "b", "c", "d"], [cells])
    raw = path.read_bytes().decode("utf-8-sig")
    assert '"第一行\n第二行"' in raw and '"他说：""好"""' in raw and '"a,b"' in raw
    with open(path, encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    assert rows[1] == cells[:3] + ["'" + cells[3]]
