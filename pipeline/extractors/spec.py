"""ExtractorSpec: everything the rest of newsx needs to know about one kind of record.

One spec per kind (clusters, figures, dates, quotes, or a kind of your own) says which rule
file feeds it (`rule_schema`), what it produces (`record_type`, whose fields are the CSV
columns), which spaCy components do the work and when they run (`components`, `order`), how
`newsx eval` matches its records against gold (`scorers`) and how the review page shows them
(`review`). Every list of kinds in newsx (the pipeline, the CSV files, the store, the review
page's tables, the evaluation report) is derived from the registered specs, so a new
extractor is one rule file, one module that registers its spec and components, and its tests.

Specs are light: registering one imports neither spaCy nor the component code
(`component_module` is imported when the pipeline is built).
"""
from __future__ import annotations

from dataclasses import dataclass, field

from pipeline.extractors.scoring import Scorer
from pipeline.rules import KindSchema


@dataclass(frozen=True)
class ReviewView:
    """How the review page shows a kind's records."""
    head: str                         # the field shown as the record's text in tables and lists
    color: str                        # highlight colour of the records in the article text
    edge: str                         # its border colour
    summary: tuple[str, ...] = ()     # fields shown after the text in the record list (value, unit…)
    numeric: tuple[str, ...] = ()     # fields the page sorts and filters as numbers (start, end always)
    mark_fields: tuple[str, ...] = () # what a reviewer fills in when marking a record of this kind missing


@dataclass(frozen=True)
class ExtractorSpec:
    kind: str                         # rules/<kind>.yaml -> <kind>.csv; records in Extraction.<kind>
    record_type: type                 # a dataclass; its fields, in order, are the CSV columns
    rule_schema: KindSchema           # what its rule file may hold (checked at load)
    components: tuple[str, ...]       # spaCy factory names, added in this order
    component_module: str             # the module whose import registers those factories
    order: int                        # where its components run: lower first (dates before figures)
    scorers: tuple[Scorer, ...] = ()  # how `newsx eval` matches its records against gold, one report line each
    review: ReviewView | None = None
    description: str = field(default="", compare=False)
