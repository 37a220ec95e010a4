"""The peer-style forms table (benchmarks/forms/peer_forms.tsv): every row gives exactly the
figures it lists (value and unit), and the distractors give none. Rows noted "gap:" are forms
newsx does not read yet: they must fail, so that a fix also updates the table."""
from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

from pipeline import extract

REPO = Path(__file__).resolve().parents[2]
_spec = importlib.util.spec_from_file_location("eval_forms", REPO / "benchmarks" / "eval_forms.py")
eval_forms = importlib.util.module_from_spec(_spec)
sys.modules[_spec.name] = eval_forms      # (its dataclass looks its module up)
_spec.loader.exec_module(eval_forms)

ROWS = eval_forms.load_rows()


def found(text):
    return [{"value": f.value, "unit": f.unit, "text": f.text} for f in extract(text).figures]


def test_the_table_covers_each_category_with_figures_and_distractors():
    for category in eval_forms.CATEGORIES:
        rows = [r for r in ROWS if r.category == category]
        assert len([r for r in rows if r.expected]) >= 40, category
        assert len([r for r in rows if not r.expected]) >= 3, category


@pytest.mark.parametrize("row", [
    pytest.param(r, id=f"{r.line}-{r.text}",
                 marks=[pytest.mark.xfail(strict=True, reason=r.note)] if r.gap else [])
    for r in ROWS])
def test_form(row):
    figs = found(row.text)
    assert eval_forms.row_ok(row, figs), (row.expected, figs)


def test_scoring_counts_a_wrong_unit_as_both_a_miss_and_an_extra():
    row = eval_forms.FormRow(1, "currency", "10美元", [{"value": 10.0, "unit": "美元"}], "")
    assert eval_forms.score_row(row, [{"value": 10.0, "unit": "元"}]) == (0, 1, 1)
    assert eval_forms.score_row(row, [{"value": 10.0, "unit": "美元"}]) == (1, 1, 1)
    assert eval_forms.prf(0, 1, 1) == (0.0, 0.0, 0.0)


# --- what the table's forms must not take with them ------------------------------------------

def test_space_thousands_need_a_head_of_three_digits_at_most():
    assert [(f["text"], f["value"]) for f in found("2019 300家企业参展。")] == [("300家", 300)]
    assert [(f["text"], f["value"]) for f in found("预算1 200 000元。")] == [("1 200 000元", 1200000)]


def test_a_list_number_running_into_a_name_is_no_figure_but_a_figure_alone_on_its_line_is():
    assert found("名单：\n2 台州模具集群\n3 温州鞋业集群") == []
    assert [(f["text"], f["unit"]) for f in found("净重：\n5 公斤\n")] == [("5 公斤", "公斤")]


def test_a_price_base_after_a_price_is_no_figure_but_a_weight_bought_is():
    assert [f["text"] for f in found("鸡蛋5块钱一斤，大米3元一公斤，他买了一斤鸡蛋。")] == ["5块钱", "3元", "一斤"]


def test_temperatures_keep_their_sign_and_scale():
    assert [(f["text"], f["value"], f["unit"]) for f in found("最低气温零下5度，摄氏零下10度，华氏80度，-3℃。")] == [
        ("零下5度", -5, "度"), ("摄氏零下10度", -10, "℃"), ("华氏80度", 80, "℉"), ("-3℃", -3, "℃")]
