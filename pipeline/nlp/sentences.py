"""Sentence splitting for Chinese news text, as a spaCy component: the boundaries of
sentence_split.py (where the rules are described) set on the Doc's tokens."""
from __future__ import annotations

from bisect import bisect_right

import numpy
from spacy.attrs import IDX, SENT_START
from spacy.language import Language
from spacy.tokens import Doc

from pipeline.nlp.doc_text import text_of
from pipeline.nlp.sentence_split import (  # noqa: F401
    CLAUSE_BREAKS,
    CLOSE_QUOTES,
    CLOSERS,
    MAX_SENTENCE,
    OPEN_QUOTES,
    TERMINALS,
    sentence_boundaries,
)

SENT_STARTS_KEY = "newsx_sent_starts"


@Language.component("newsx_sentences")
def set_sentences(doc: Doc) -> Doc:
    text = text_of(doc)
    starts = numpy.array(sentence_boundaries(text), dtype="int64")
    if len(doc):
        # The first token at or after a boundary starts a sentence: the token whose last
        # boundary at or before it is not its predecessor's. Computed on arrays, not per Token.
        idx = doc.to_array(IDX).astype("int64")
        last_boundary = numpy.searchsorted(starts, idx, side="right")
        first = numpy.ones(len(idx), dtype=bool)
        first[1:] = last_boundary[1:] != last_boundary[:-1]
        flags = numpy.where(first, 1, -1).astype("int64")
        # One array write: setting token.is_sent_start one by one rescans the Doc each time (quadratic).
        doc.from_array([SENT_START], flags.astype("uint64").reshape(-1, 1))
        sent_starts = idx[first].tolist()
    else:
        sent_starts = []
    doc.user_data[SENT_STARTS_KEY] = sent_starts or [0]     # character offsets of the sentence-starting tokens
    return doc


def sentence_starts(doc: Doc) -> list[int]:
    """Character offsets where the Doc's sentences start (kept by newsx_sentences; walking
    doc.sents again costs a pass over every token)."""
    starts = doc.user_data.get(SENT_STARTS_KEY)
    if starts is None:  # a Doc that did not go through newsx_sentences
        starts = doc.user_data[SENT_STARTS_KEY] = [s.start_char for s in doc.sents] or [0]
    return starts


def sentence_bounds(doc: Doc) -> list[tuple[int, int]]:
    """(start, end) of every sentence."""
    starts = sentence_starts(doc)
    return list(zip(starts, starts[1:] + [len(text_of(doc))]))


def sentence_at(doc: Doc, char_index: int) -> tuple[int, int, str]:
    """The (start, end, text) of the sentence holding a character offset."""
    text = text_of(doc)
    starts = sentence_starts(doc)
    k = max(bisect_right(starts, char_index) - 1, 0)
    start, end = starts[k], starts[k + 1] if k + 1 < len(starts) else len(text)
    return start, end, text[start:end].strip()
