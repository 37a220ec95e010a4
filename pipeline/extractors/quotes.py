"""Quotes: who said what (rules/quotes.yaml).

A rule's regex names `quote`, `speaker` (the phrase before the speech verb)
and `cue` (the speech verb). The speaker phrase is split into org, title and
name with the `titles` lexicon: 工信部部长金壮龙 -> org 工信部, title 部长,
speaker 金壮龙. A rule's `kind` says direct or indirect.
"""
from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc

from pipeline.extractors.matching import find_matches
from pipeline.records import QuoteRecord, columns
from pipeline.rules import KindSchema, RuleSet, lexicon_regex, load_rules_at, register_kind

register_kind(KindSchema(kind="quotes", record_fields=set(columns(QuoteRecord)), rule_keys={"kind"}))


class QuoteExtractor:
    def __init__(self, rules: RuleSet):
        self.rules = rules.rules("quotes")
        titles = rules.lexicon("quotes", "titles")
        self.title_split = re.compile(f"^(?P<org>.*?)(?P<title>{lexicon_regex(titles)})(?P<name>.*)$") if titles else None

    def split_speaker(self, phrase: str) -> tuple[str, str, str]:
        """(speaker, title, org) from a phrase like 中国电子信息产业发展研究院…主任高婴劢."""
        m = self.title_split.match(phrase) if self.title_split else None
        if not m:
            return phrase, "", ""
        return m.group("name"), m.group("title"), m.group("org")

    def __call__(self, doc: Doc) -> Doc:
        records, spans = doc._.records["quotes"], []
        for rm in find_matches(self.rules, doc.text):
            groups = rm.match.groupdict()
            if not groups.get("quote"):
                continue
            speaker, title, org = self.split_speaker(groups.get("speaker") or "")
            start, end = rm.match.start("quote"), rm.match.end("quote")
            records.append(QuoteRecord(speaker=speaker, title=title, org=org, quote=groups["quote"],
                                       kind=rm.rule.options.get("kind", "direct"), cue=groups.get("cue") or "",
                                       start=start, end=end, rule=rm.rule.id))
            span = doc.char_span(start, end, label=rm.rule.id, alignment_mode="expand")
            if span is not None:
                spans.append(span)
        doc.spans["quotes"] = spans
        return doc


@Language.factory("newsx_quotes", default_config={"rules_dirs": []})
def make_quote_extractor(nlp: Language, name: str, rules_dirs: list[str]) -> QuoteExtractor:
    return QuoteExtractor(load_rules_at(rules_dirs))
