"""Entity rules (rules/entities.jsonl, spaCy EntityRuler patterns) overrule the statistical NER."""
from __future__ import annotations

import json

from pipeline import extract
from pipeline.extractors import load_rules
from pipeline.extractors.extract import extract_docs

SENTENCE = "{}副总裁张明表示，公司将继续扩大产能。"


def speakers(text, rules=None):
    return [(q.speaker, q.title, q.org) for q in extract(text, rules=rules).quotes]


def test_shipped_entity_rule_fixes_a_company_the_model_splits():
    # LAC alone reads 长鑫 as the organisation and 存储副总裁 as the title.
    assert speakers(SENTENCE.format("长鑫存储")) == [("张明", "副总裁", "长鑫存储")]


def test_ruler_entities_reach_the_doc_with_their_rule_id():
    doc = next(extract_docs([(SENTENCE.format("宁德时代"), None)]))
    ents = [(e.text, e.label_, e.ent_id_) for e in doc.ents]
    assert ("宁德时代", "ORG", "org.companies") in ents


def test_a_user_entity_rule_changes_the_output_without_code(user_rules):
    text = SENTENCE.format("泰岳智造")
    assert speakers(text) == [("张明", "泰岳智造副总裁", "")]      # the model misses the company
    (user_rules / "entities.jsonl").write_text(
        json.dumps({"label": "ORG", "pattern": "泰岳智造", "id": "org.user_companies"}, ensure_ascii=False) + "\n",
        encoding="utf-8")
    assert speakers(text, load_rules([user_rules])) == [("张明", "副总裁", "泰岳智造")]
