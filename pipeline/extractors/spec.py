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
