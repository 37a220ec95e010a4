"""Character ranges -> `doc.spans[group]`, which `newsx explain` shows (label = rule id or tag)."""
from __future__ import annotations

from typing import Iterable

from spacy.tokens import Doc


def set_spans(doc: Doc, group: str, ranges: Iterable[tuple[int, int, str]]) -> None:
    """doc.spans[group] from (start, end, label) character ranges, widened to token boundaries."""
    spans = (doc.char_span(start, end, label=label, alignment_mode="expand") for start, end, label in ranges)
    doc.spans[group] = [span for span in spans if span is not None]
