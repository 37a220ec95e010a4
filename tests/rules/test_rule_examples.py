"""Every rule's `examples:` are tests: the shipped rules must pass all of them."""
from __future__ import annotations

import pytest

from pipeline.extractors import load_rules
from pipeline.review.rule_examples import check_example, run_examples

RULES = load_rules()
CASES = [(rule, ex) for rule in RULES.all_rules() for ex in rule.examples]


def test_every_rule_has_examples():
    assert CASES
    assert all(rule.examples for rule in RULES.all_rules())


@pytest.mark.parametrize("rule, example", CASES, ids=[f"{r.id}:{e.line}" for r, e in CASES])
def test_rule_example(rule, example):
    result = check_example(rule, example, RULES)
    assert result.passed, f"{rule.path}:{example.line} {rule.id}: {result.diff}"


def test_a_wrong_expectation_fails(user_rules):
    """The example checker is not a rubber stamp: a wrong value is reported with a diff."""
    (user_rules / "figures.yaml").write_text("""
rules:
  - id: figures.user_dozen
    description: 打 as a unit, with a deliberately wrong expectation.
    pattern: '(?P<number>[0-9]+)(?P<unit>打)'
    examples:
      - text: 采购鸡蛋3打。
        expect: [{text: 3打, value: 4, unit: 打}]
""", encoding="utf-8")
    rules = load_rules([user_rules])
    failed = [r for r in run_examples(rules) if not r.passed]
    assert [r.rule_id for r in failed] == ["figures.user_dozen"]
    assert "'value': 4" in failed[0].diff and "'value': 3" in failed[0].diff
