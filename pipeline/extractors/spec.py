"""ExtractorSpec: everything the rest of newsx needs to know about one kind of record.

One spec per kind (clusters, figures, dates, quotes, or a kind of your own) says which rule
file feeds it (`rule_schema`), what it produces (`record_type`, whose fields are the CSV
columns), which spaCy components do the work and when they run (`components`, `order`), how
`newsx eval` matches its records against gold (`scorers`), how the review page shows them
(`review`) and how reviewed records become gold (`gold`). Every list of kinds in newsx (the
pipeline, the CSV files, the store, the review page's tables, the evaluation report, the gold
a review makes) is derived from the registered specs, so a new
extractor is one rule file, one module that registers its spec and components, and its tests.

Specs are light: registering one imports neither spaCy nor the component code
(`component_module` is imported when the pipeline is built).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

from pipeline.extractors.scoring import Scorer
from pipeline.rules import KindSchema


@dataclass(frozen=True)
class MarkField:
    """A field the reviewer fills in when marking a record of a kind missing: a column of the
    marks CSV that `newsx eval --make-gold` reads."""
    name: str
    label: str = ""                   # shown in the form (default: the name)
    placeholder: str = ""             # an example of what to type
    choices: tuple[str, ...] = ()     # offered as a drop-down instead of a text box
    column: str = ""                  # the record's column it comes from when named otherwise (quote_kind <- kind)


@dataclass(frozen=True)
class ReviewView:
    """How the review page (pipeline/review/review_page.html) shows a kind's records."""
    head: str                         # the field shown as the record's text in tooltips and mark exports
    color: str                        # highlight colour of the records in the article text
    edge: str                         # its border colour
    summary: tuple[str, ...] = ()     # fields shown after the text in a highlight's tooltip (value, unit…)
    numeric: tuple[str, ...] = ()     # fields the page sorts and filters as numbers (start, end always)
    mark_fields: tuple[MarkField | str, ...] = ()   # what a reviewer fills in when marking a record missing
    long: tuple[str, ...] = ()        # long-text columns, cut to one line in tables (`sentence` always is)
    encloses: bool = False            # its records hold other kinds' (a quote holds figures): underlined
                                      # below the text, so the inner records' own underline still shows
    head_at_offsets: bool = True      # the head is the article's text at start:end (a mismatch is flagged)
    # A JavaScript regex: text a reviewer selects that matches it is offered as this kind in the
    # "add a missing record" form (kinds are tried in pipeline order); "" takes what no kind claims.
    suggest: str | None = None

    def mark_field_list(self) -> list[MarkField]:
        return [f if isinstance(f, MarkField) else MarkField(f) for f in self.mark_fields]


class GoldError(ValueError):
    """A record a reviewer marked missing lacks what its gold needs; the message says what to type."""


def in_text_order(items: list[tuple[int | None, dict]]) -> list[dict]:
    """Gold records by their start in the text (those without one first)."""
    return [rec for _, rec in sorted(items, key=lambda x: -1 if x[0] is None else x[0])]


@dataclass(frozen=True)
class GoldForm:
    """How `newsx eval --make-gold` writes a kind's records as gold (../shared/corpus/SCHEMA.md):
    the extracted rows kept, and the records a reviewer marked missing, each as a gold record,
    then the article's list of them."""
    from_row: Callable[[dict], dict]            # an extracted row (its CSV cells) -> gold record
    from_mark: Callable[[dict], dict]           # a missing mark's cells (text, mark fields) -> gold record;
                                                # GoldError when something is missing
    combine: Callable[[list[tuple[int | None, dict]]], list] = in_text_order   # (start, record) pairs -> list


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
    gold: GoldForm | None = None      # None: a record's own fields (offsets, sentence and rule left out)
    description: str = field(default="", compare=False)
