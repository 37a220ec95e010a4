"""NLP stage: one spaCy pipeline, built from `rules/`, turns an article body into records.

    blank("zh") + jieba's words (pipeline/tokenizer.py; user dictionary rules/userdict.txt)
      -> newsx_sentences      sentence starts (pipeline/sentences.py)
      -> entity_ruler         spaCy patterns from rules/entities.jsonl
      -> newsx_dates          pipeline/extractors/dates.py
      -> newsx_figures        pipeline/extractors/figures.py (skips what dates took)
      -> newsx_clusters       pipeline/extractors/clusters.py
      -> newsx_ner            pipeline/ner.py (LAC persons/orgs on speech-cue sentences)
      -> newsx_quotes         pipeline/extractors/quotes.py

Each extractor component reads its rules, appends records to `doc._.records[kind]`
and the matched spans to `doc.spans[kind]` (label = rule id), so `newsx explain`
shows why a record exists. `extract()` and `newsx run` share `extract_many()`.
"""
from __future__ import annotations

from functools import lru_cache
from typing import Iterable, Iterator

import spacy
from spacy.language import Language
from spacy.tokens import Doc

import pipeline.extractors  # noqa: F401  registers the extractor components
import pipeline.sentences  # noqa: F401  registers newsx_sentences
from pipeline import regex_cache
from pipeline.doc_text import remember_text
from pipeline.records import Extraction
from pipeline.rules import RuleSet, load_rules, load_rules_at
from pipeline.tokenizer import DictWord, JiebaDocTokenizer, build_segmenter

KINDS = ("clusters", "figures", "dates", "quotes")
# Longest body extracted (every stage is linear in it; 1.2 million characters take about 10 s
# and 450 MB). spaCy's own limit (1 million) speaks of parser memory we do not use.
MAX_BODY_CHARS = 2_000_000


class BodyTooLong(ValueError):
    """An article body past MAX_BODY_CHARS."""
EXTRACTOR_ORDER = ("dates", "figures", "clusters", "quotes")

if not Doc.has_extension("published"):
    Doc.set_extension("published", default=None)     # ISO date of publication, when known
if not Doc.has_extension("records"):
    Doc.set_extension("records", getter=lambda doc: doc.user_data.setdefault("newsx_records", {k: [] for k in KINDS}))


def build_nlp(rules: RuleSet) -> Language:
    """A fresh pipeline for a rule set (its own segmenter dictionary)."""
    # segmenter "char": spaCy's own jieba wrapper is replaced below, so jieba need not load.
    nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "char"}}})
    nlp.tokenizer = JiebaDocTokenizer(nlp.tokenizer, build_segmenter(dictionary_words(rules)))
    nlp.max_length = MAX_BODY_CHARS
    nlp.add_pipe("newsx_sentences")
    if rules.entity_patterns:
        ruler = nlp.add_pipe("entity_ruler", config={"overwrite_ents": True})
        ruler.add_patterns(rules.entity_patterns)
    dirs = [str(d) for d in rules.dirs]
    for kind in EXTRACTOR_ORDER:
        if kind == "quotes":
            nlp.add_pipe("newsx_ner", config={"rules_dirs": dirs})  # LAC names for the speakers
        nlp.add_pipe(f"newsx_{kind}", config={"rules_dirs": dirs})
    return nlp


def dictionary_words(rules: RuleSet) -> list[DictWord]:
    """Words the segmenter keeps whole: userdict.txt lines (word [freq] [tag]), then every entity
    phrase, so the ruler's phrase patterns meet the same tokens in any context."""
    return [DictWord(*entry) for entry in rules.userdict_words] + \
        [DictWord(p["pattern"]) for p in rules.entity_patterns if isinstance(p["pattern"], str)]


@lru_cache(maxsize=4)
def _nlp_for(rules_version: str, dir_names: tuple[str, ...]) -> Language:
    nlp = build_nlp(load_rules_at(dir_names))
    regex_cache.save()      # the components' regexes, for the next start-up
    return nlp


def get_nlp(rules: RuleSet | None = None) -> Language:
    rules = rules or load_rules()
    return _nlp_for(rules.version, tuple(str(d) for d in rules.dirs))


def make_doc(nlp: Language, text: str, published: str | None = None) -> Doc:
    if len(text) > nlp.max_length:
        raise BodyTooLong(f"the body has {len(text):,} characters, more than the {nlp.max_length:,} "
                          "one article may have (a book or a data dump, not a news article?)")
    doc = remember_text(nlp.make_doc(text), text)
    doc._.published = published or None
    return doc


def extraction_of(doc: Doc) -> Extraction:
    records = doc._.records
    return Extraction(**{k: list(records.get(k, [])) for k in KINDS})


def extract_docs(items: Iterable[tuple[str, str | None]], rules: RuleSet | None = None,
                 batch_size: int = 16) -> Iterator[Doc]:
    """Run the pipeline over (body, published) pairs with nlp.pipe; yields the processed Docs."""
    nlp = get_nlp(rules)
    docs = (make_doc(nlp, text, published) for text, published in items)
    yield from nlp.pipe(docs, batch_size=batch_size)


def extract_many(items: Iterable[tuple[str, str | None]], rules: RuleSet | None = None) -> Iterator[Extraction]:
    for doc in extract_docs(items, rules):
        yield extraction_of(doc)


def extract(text: str, published: str | None = None, rules: RuleSet | None = None) -> Extraction:
    """The library API: records found in one article body.

    `published` (ISO date) completes dates that omit the year (6月30日, 今年4月).
    """
    return next(extract_many([(text, published)], rules))
