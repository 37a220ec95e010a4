"""The peer-style table of calendar expressions (benchmarks/forms/date_forms.tsv): every row not
marked as a gap gives exactly its dates (text, value and the days it covers), a gap row does not
yet, and the table itself is well formed."""
from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

from pipeline import extract

REPO = Path(__file__).resolve().parents[2]
_spec = importlib.util.spec_from_file_location("eval_date_forms", REPO / "benchmarks" / "eval_date_forms.py")
eval_date_forms = importlib.util.module_from_spec(_spec)
sys.modules["eval_date_forms"] = eval_date_forms
_spec.loader.exec_module(eval_date_forms)

ROWS = eval_date_forms.load_rows()


def _found(row):
    return [{"text": d.text, "value": d.value, "bounds": (d.date_from, d.date_to)}
            for d in extract(row.text, row.published).dates]


@pytest.mark.parametrize("row", [r for r in ROWS if not r.gap], ids=lambda r: f"{r.line}:{r.text[:12]}")
def test_row_gives_its_dates(row):
    found = _found(row)
    assert eval_date_forms.row_ok(row, found), f"want {row.expected}, got {found}"


@pytest.mark.parametrize("row", [r for r in ROWS if r.gap], ids=lambda r: f"{r.line}:{r.text[:12]}")
def test_gap_row_is_still_a_gap(row):
    # When this fails, the form is read now: drop the row's "gap:" note.
    assert not eval_date_forms.row_ok(row, _found(row))


def test_table_covers_each_category_and_distractors():
    categories = {r.category for r in ROWS}
    assert categories == set(eval_date_forms.CATEGORIES)
    assert sum(1 for r in ROWS if r.category == "none") >= 20
    assert len(ROWS) >= 100


def test_scoring_counts_a_wrong_value_as_a_miss_and_an_extra():
    row = eval_date_forms.DateFormRow(1, "partial", "3月3号", "2024-06-15",
                                      [{"text": "3月3号", "value": "2024-03-03"}], "")
    assert eval_date_forms.score_row(row, [{"text": "3月3号", "value": "XXXX-03-03", "bounds": ("", "")}]) == (0, 1, 1)
    assert eval_date_forms.score_row(row, [{"text": "3月3号", "value": "2024-03-03", "bounds": ("", "")}]) == (1, 1, 1)


def test_expected_cell_reads_bounds():
    assert eval_date_forms._expected("2019年9月=2019-09@2019-09-01..2019-09-30; 9月=2024-09", "t") == [
        {"text": "2019年9月", "value": "2019-09", "bounds": ("2019-09-01", "2019-09-30")},
        {"text": "9月", "value": "2024-09"}]
