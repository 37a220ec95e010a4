"""Figures: quantities with a unit or multiplier, and percentages (rules/figures.yaml).

A rule's regex names its parts: `number` (digits or Chinese numerals, with any
multiplier), `unit`, and the qualifiers `approx_before` (超过, 约…), `approx_mid`
(余, 多 between number and unit) and `approx_after` (以上, 左右…). The record's
text runs from the number to the end of the unit; the qualifier words map to
`approx` through the lexicons more_than / about / less_than.
"""
from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from pipeline.extractors.matching import find_matches, overlaps
from pipeline.numbers import parse_number
from pipeline.records import FigureRecord, columns
from pipeline.rules import KindSchema, RuleSet, load_rules_at, register_kind
from pipeline.sentences import sentence_at

register_kind(KindSchema(kind="figures", record_fields=set(columns(FigureRecord)), rule_keys={"unit"}))

APPROX_KINDS = ("more_than", "about", "less_than")


class FigureExtractor:
    def __init__(self, rules: RuleSet):
        self.rules = rules.rules("figures")
        self.approx_words = {kind: set(rules.lexicon("figures", kind)) for kind in APPROX_KINDS}

    def approx_of(self, *words: str | None) -> str:
        for word in words:
            if word:
                for kind, lexicon in self.approx_words.items():
                    if word in lexicon:
                        return kind
        return ""

    def __call__(self, doc: Doc) -> Doc:
        records, spans = doc._.records["figures"], []
        taken = [(d.start, d.end) for d in doc._.records["dates"]]
        for rm in find_matches(self.rules, doc.text):
            groups = rm.match.groupdict()
            number = groups.get("number")
            if not number:
                continue
            start = rm.match.start("number")
            end = rm.match.end("unit") if groups.get("unit") else rm.match.end("number")
            if groups.get("approx_mid") and rm.match.end("approx_mid") > end:
                end = rm.match.end("approx_mid")
            if overlaps(start, end, taken):
                continue
            value = parse_number(number)
            if value is None:
                continue
            unit = rm.rule.options.get("unit", groups.get("unit") or "")
            records.append(FigureRecord(
                text=doc.text[start:end], value=value, unit=unit,
                approx=self.approx_of(groups.get("approx_before"), groups.get("approx_mid"), groups.get("approx_after")),
                metric="", subject="", start=start, end=end, sentence=sentence_at(doc, start)[2], rule=rm.rule.id))
            span = doc.char_span(start, end, label=rm.rule.id, alignment_mode="expand")
            if span is not None:
                spans.append(span)
        doc.spans["figures"] = spans
        return doc


@Language.factory("newsx_figures", default_config={"rules_dirs": []})
def make_figure_extractor(nlp: Language, name: str, rules_dirs: list[str]) -> FigureExtractor:
    return FigureExtractor(load_rules_at(rules_dirs))
