#!/usr/bin/env python3
"""Figures on short number expressions, peer-style: money, shares and physical quantities.

The table (benchmarks/forms/peer_forms.tsv) holds expressions of the kinds a general-purpose
recogniser's Chinese specs cover (十美元, $10, 三块五, 百分之五点五, 九折, 168公分, 零下5度…), each
with the figures SCHEMA.md says it gives, and distractors that give none (三天, 第三名, 三分之一).
Each text is run through the NLP stage alone; a figure is right when its value (within 0.5%) and
unit match an expected one (pipeline.extractors.figures.figure_ok, as the gold scorer). P/R/F1 are
micro over the rows of each category.

    python3 benchmarks/eval_forms.py              # P/R/F1 per category
    python3 benchmarks/eval_forms.py --details    # and every row that is not right
"""
from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))

from forms_scoring import match_counts, prf, print_totals, tally  # noqa: E402,F401  (prf for the tests)

TABLE = REPO / "benchmarks" / "forms" / "peer_forms.tsv"
CATEGORIES = ("currency", "percent", "dimensions")


@dataclass
class FormRow:
    line: int
    category: str
    text: str
    expected: list[dict]
    note: str

    @property
    def gap(self) -> bool:
        return self.note.startswith("gap:")


def _expected(cell: str, where: str) -> list[dict]:
    out = []
    for pair in filter(None, (p.strip() for p in cell.split(";"))):
        value, _, unit = pair.partition(" ")
        try:
            out.append({"value": float(value), "unit": "" if unit.strip() == '""' else unit.strip()})
        except ValueError:
            raise SystemExit(f"{where}: expected 'value unit', got {pair!r}") from None
    return out


def load_rows(path: Path = TABLE) -> list[FormRow]:
    rows = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.split("\t") + ["", ""]
        category, text, expected, note = (c.strip() for c in cells[:4])
        if category not in CATEGORIES:
            raise SystemExit(f"{path}:{n}: unknown category {category!r}")
        rows.append(FormRow(n, category, text, _expected(expected, f"{path}:{n}"), note))
    return rows


def figures_of(rows: list[FormRow]) -> list[list[dict]]:
    """The figures newsx reads from each row's text (value, unit, text)."""
    from pipeline.extractors.extract import extract_many

    return [[{"value": f.value, "unit": f.unit, "text": f.text} for f in ex.figures]
            for ex in extract_many((row.text, None) for row in rows)]


def score_row(row: FormRow, found: list[dict]) -> tuple[int, int, int]:
    """(right, found, expected) for one row: a figure is right as the gold scorer says (figure_ok)."""
    from pipeline.extractors.figures import figure_ok

    return match_counts(row.expected, found, figure_ok)


def row_ok(row: FormRow, found: list[dict]) -> bool:
    right, n_found, n_expected = score_row(row, found)
    return right == n_found == n_expected


def _unit(figure: dict) -> str:
    return figure["unit"] or '""'


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--details", action="store_true", help="print every row that is not right")
    args = ap.parse_args()
    rows = load_rows()
    found = figures_of(rows)
    for row, figs in zip(rows, found):
        if args.details and not row_ok(row, figs):
            got = "; ".join(f"{f['text']}={f['value']:g} {_unit(f)}" for f in figs) or "-"
            want = "; ".join(f"{e['value']:g} {_unit(e)}" for e in row.expected) or "-"
            print(f"  {row.category:<10} {row.text:<16} want {want:<24} got {got}")
    totals = tally(CATEGORIES, (((row.category,), score_row(row, figs)) for row, figs in zip(rows, found)))
    print_totals(f"peer-style forms ({len(rows)} rows, {TABLE.relative_to(REPO)})", totals)

if __name__ == "__main__":
    main()
