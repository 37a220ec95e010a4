#!/usr/bin/env python3
"""Dates on short calendar expressions, peer-style: full dates, months and days, Chinese
numerals, two-digit and era years, ranges and relative years.

The table (benchmarks/forms/date_forms.tsv) holds expressions of the kinds a general-purpose
recogniser's Chinese time specs cover (2015年3月3号, 三月三号, 二〇二四年八月十五日, 零八年,
2010/1/29, 民国三年, 2019年9月至2020年3月, 今年1-5月…), each in a sentence of our own with the dates
SCHEMA.md says it gives, and distractors that give none (上月, 三个月, 80年代, 元旦). Each text is run
through the NLP stage alone, against the row's publication date; a date is right when its text and
value equal an expected one (and its date_from/date_to, when the row states them). P/R/F1 are
micro over the rows of each category.

    python3 benchmarks/eval_date_forms.py              # P/R/F1 per category
    python3 benchmarks/eval_date_forms.py --details    # and every row that is not right
"""
from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))

from forms_scoring import match_counts, print_totals, tally  # noqa: E402

TABLE = REPO / "benchmarks" / "forms" / "date_forms.tsv"
CATEGORIES = ("absolute", "partial", "numerals", "short_year", "range", "relative", "era", "none")


@dataclass
class DateFormRow:
    line: int
    category: str
    text: str
    published: str | None
    expected: list[dict]
    note: str

    @property
    def gap(self) -> bool:
        return self.note.startswith("gap:")


def _expected(cell: str, where: str) -> list[dict]:
    """"2019年9月=2019-09@2019-09-01..2019-09-30; 9月=2024-09" -> [{text, value, bounds?}, …]."""
    out = []
    for pair in filter(None, (p.strip() for p in cell.split(";"))):
        text, eq, rest = pair.partition("=")
        if not eq or not text or not rest:
            raise SystemExit(f"{where}: expected 'text=value[@from..to]', got {pair!r}")
        value, at, bounds = rest.partition("@")
        date = {"text": text, "value": value}
        if at:
            first, dots, last = bounds.partition("..")
            if not dots:
                raise SystemExit(f"{where}: bounds are 'from..to', got {bounds!r}")
            date["bounds"] = (first, last)
        out.append(date)
    return out


def load_rows(path: Path = TABLE) -> list[DateFormRow]:
    rows = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.split("\t") + ["", "", ""]
        category, text, published, expected, note = (c.strip() for c in cells[:5])
        if category not in CATEGORIES:
            raise SystemExit(f"{path}:{n}: unknown category {category!r}")
        if category == "none" and expected:
            raise SystemExit(f"{path}:{n}: a distractor row expects no date")
        rows.append(DateFormRow(n, category, text, None if published in ("", "-") else published,
                                _expected(expected, f"{path}:{n}"), note))
    return rows


def dates_of(rows: list[DateFormRow]) -> list[list[dict]]:
    """The dates newsx reads from each row's text, against the row's publication date."""
    from pipeline.extractors.extract import extract_many

    return [[{"text": d.text, "value": d.value, "bounds": (d.date_from, d.date_to)} for d in ex.dates]
            for ex in extract_many((row.text, row.published) for row in rows)]


def date_ok(expected: dict, found: dict) -> bool:
    return (found["text"] == expected["text"] and found["value"] == expected["value"]
            and ("bounds" not in expected or found["bounds"] == expected["bounds"]))


def score_row(row: DateFormRow, found: list[dict]) -> tuple[int, int, int]:
    """(right, found, expected) for one row."""
    return match_counts(row.expected, found, date_ok)


def row_ok(row: DateFormRow, found: list[dict]) -> bool:
    right, n_found, n_expected = score_row(row, found)
    return right == n_found == n_expected


def _shown(dates: list[dict]) -> str:
    return "; ".join(f"{d['text']}={d['value']}" + (f"@{d['bounds'][0]}..{d['bounds'][1]}" if "bounds" in d else "")
                     for d in dates) or "-"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--details", action="store_true", help="print every row that is not right")
    args = ap.parse_args()
    rows = load_rows()
    found = dates_of(rows)
    for row, dates in zip(rows, found):
        if args.details and not row_ok(row, dates):
            print(f"  {row.category:<10} {row.text:<24} want {_shown(row.expected):<30} got {_shown(dates)}"
                  + ("  (gap)" if row.gap else ""))
    totals = tally(CATEGORIES + ("all",), (((row.category, "all"), score_row(row, dates))
                                           for row, dates in zip(rows, found)))
    print_totals(f"peer-style date forms ({len(rows)} rows, {TABLE.relative_to(REPO)})", totals)

if __name__ == "__main__":
    main()
