"""The NLP stage as one call: article bodies -> records, through the pipeline of every registered extractor.

`extract()` (the library API) and `newsx run` share `extract_many()`. The pipeline is built
once per rule set and process (`get_nlp`): the words and sentences (pipeline/nlp/build.py), then
each extractor's components in the order of their specs.
"""
from __future__ import annotations

import importlib
from functools import lru_cache
from typing import Iterable, Iterator

from spacy.language import Language
from spacy.tokens import Doc

from pipeline import speedups
from pipeline.extractors.registry import in_pipeline_order, kinds, load_rules, load_rules_at
from pipeline.nlp.build import build_nlp, make_doc
from pipeline.records import Extraction
from pipeline.rules import RuleSet
from pipeline.speedups import regex_cache


@lru_cache(maxsize=4)
def _nlp_for(rules_version: str, dir_names: tuple[str, ...], kinds: tuple[str, ...], _fast: bool) -> Language:
    specs = in_pipeline_order()
    for spec in specs:
        importlib.import_module(spec.component_module)      # registers its spaCy factories
    nlp = build_nlp(load_rules_at(dir_names), [name for spec in specs for name in spec.components])
    regex_cache.save()      # the components' regexes, for the next start-up
    return nlp


def get_nlp(rules: RuleSet | None = None) -> Language:
    rules = rules or load_rules()
    return _nlp_for(rules.version, tuple(str(d) for d in rules.dirs), tuple(kinds()), speedups.enabled())


def extraction_of(doc: Doc) -> Extraction:
    records = doc._.records
    return Extraction({kind: list(records.get(kind, [])) for kind in kinds()})


def extract_docs(items: Iterable[tuple[str, ...]], rules: RuleSet | None = None,
                 batch_size: int = 16) -> Iterator[Doc]:
    """Run the pipeline over (body, published) pairs or (body, published, title) triples with
    nlp.pipe; yields the processed Docs."""
    nlp = get_nlp(rules)
    docs = (make_doc(nlp, *item) for item in items)
    yield from nlp.pipe(docs, batch_size=batch_size)


def extract_many(items: Iterable[tuple[str, ...]], rules: RuleSet | None = None) -> Iterator[Extraction]:
    for doc in extract_docs(items, rules):
        yield extraction_of(doc)


def extract(text: str, published: str | None = None, rules: RuleSet | None = None,
            title: str | None = None) -> Extraction:
    """The library API: records found in one article body.

    `published` (ISO date) completes dates that omit the year (6月30日, 今年4月).
    """
    return next(extract_many([(text, published, title)], rules))
