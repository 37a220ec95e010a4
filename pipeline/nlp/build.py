"""A spaCy pipeline for a rule set: Chinese words, sentences, ruler entities, then the given components.

    blank("zh") + jieba's words (tokenizer.py; user dictionary rules/userdict.txt)
      -> newsx_sentences      sentence starts (sentences.py)
      -> entity_ruler         spaCy patterns from rules/entities.jsonl
      -> the extractors' components, in the order given (pipeline.extractors.extract.get_nlp)

Every newsx component factory takes one setting, `rules_dirs` (the rule folders, in layering
order), and finds its rules there. Components append records to `doc._.records[kind]` and
matched spans to `doc.spans[kind]`.
"""
from __future__ import annotations

from collections import defaultdict

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from pipeline.nlp import sentences  # noqa: F401  registers newsx_sentences
from pipeline.nlp.doc_text import remember_text
from pipeline.nlp.tokenizer import DictWord, JiebaDocTokenizer, build_segmenter
from pipeline.rules import RuleSet

# Longest body extracted (every stage is linear in it; benchmarks/README.md has the time and memory
# of a body this long). spaCy's own limit (1 million) speaks of parser memory we do not use.
MAX_BODY_CHARS = 2_000_000
RECORDS_KEY = "newsx_records"


class BodyTooLong(ValueError):
    """An article body past MAX_BODY_CHARS."""


if not Doc.has_extension("published"):
    Doc.set_extension("published", default=None)     # ISO date of publication, when known
if not Doc.has_extension("title"):
    Doc.set_extension("title", default=None)         # the article's title, when known (a cluster's place)
if not Doc.has_extension("records"):
    # kind -> the records the components found, in the order they found them
    Doc.set_extension("records", getter=lambda doc: doc.user_data.setdefault(RECORDS_KEY, defaultdict(list)))


def build_nlp(rules: RuleSet, components: list[str]) -> Language:
    """A fresh pipeline for a rule set (its own segmenter dictionary), ending with `components`."""
    # segmenter "char": spaCy's own jieba wrapper is replaced below, so jieba need not load.
    nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "char"}}})
    nlp.tokenizer = JiebaDocTokenizer(nlp.tokenizer, build_segmenter(dictionary_words(rules)))
    nlp.max_length = MAX_BODY_CHARS
    nlp.add_pipe("newsx_sentences")
    if rules.entity_patterns:
        ruler = nlp.add_pipe("entity_ruler", config={"overwrite_ents": True})
        ruler.add_patterns(rules.entity_patterns)
    dirs = [str(d) for d in rules.dirs]
    for name in components:
        nlp.add_pipe(name, config={"rules_dirs": dirs})
    return nlp


def dictionary_words(rules: RuleSet) -> list[DictWord]:
    """Words the segmenter keeps whole: userdict.txt lines (word [freq] [tag]), then every entity
    phrase, so the ruler's phrase patterns meet the same tokens in any context."""
    return [DictWord(*entry) for entry in rules.userdict_words] + \
        [DictWord(p["pattern"]) for p in rules.entity_patterns if isinstance(p["pattern"], str)]


def make_doc(nlp: Language, text: str, published: str | None = None, title: str | None = None) -> Doc:
    if len(text) > nlp.max_length:
        raise BodyTooLong(f"the body has {len(text):,} characters, more than the {nlp.max_length:,} "
                          "one article may have (a book or a data dump, not a news article?)")
    doc = remember_text(nlp.make_doc(text), text)
    doc._.published = published or None
    doc._.title = title or None
    return doc
