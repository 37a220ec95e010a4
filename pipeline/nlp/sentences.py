"""Sentence splitting for Chinese news text, as a spaCy component.

A sentence ends after 。！？!?；; (with any closing quotes or brackets that follow)
and at every line break. Terminal punctuation inside “…” does not end the
sentence: in “……科研成果。”安徽省经信厅相关负责人告诉记者 the quote and its
attribution are one sentence, which is what the quote extractor needs.

A run longer than MAX_SENTENCE characters (a table flattened into one line, a page
with no terminal punctuation, a quotation mark never closed) is cut at its last clause
break before the limit: every record carries its sentence, and the extractors read a
sentence's text before each match, so an unbounded sentence would make an article's
cost and output grow with the square of its length.
"""
from __future__ import annotations

import re
from bisect import bisect_right

import numpy
from spacy.attrs import IDX, SENT_START
from spacy.language import Language
from spacy.tokens import Doc

from pipeline.nlp.doc_text import text_of

TERMINALS = set("。！？!?；;")
CLOSERS = set("”’」』）)】》\"'")
OPEN_QUOTES = {"“": "”", "「": "」", "『": "』"}
CLOSE_QUOTES = {v: k for k, v in OPEN_QUOTES.items()}
SENT_STARTS_KEY = "newsx_sent_starts"
MAX_SENTENCE = 1000        # characters (the longest real sentence in our corpus has about 600)
CLAUSE_BREAKS = "，,、；;：: "
_SPECIAL = re.compile("[" + re.escape("\n" + "".join(OPEN_QUOTES) + "".join(CLOSE_QUOTES) + "".join(TERMINALS)) + "]")


def sentence_boundaries(text: str) -> list[int]:
    """Character offsets where a sentence starts (always including 0)."""
    starts = [0]
    depth = 0
    i, n = 0, len(text)   # text before i is read
    # Only line breaks, quotes and terminals change anything: the regex jumps between them.
    for special in _SPECIAL.finditer(text):
        p = special.start()
        if p < i:
            continue
        ch = text[p]
        if ch == "\n":
            depth = 0
            j = p + 1
            while j < n and text[j] in "\n \t\u3000":
                j += 1
            if j < n:
                starts.append(j)
            i = j
            continue
        if ch in OPEN_QUOTES:
            depth += 1
        elif ch in CLOSE_QUOTES and depth:
            depth -= 1
        elif ch in TERMINALS and depth == 0:
            j = p + 1
            while j < n and (text[j] in TERMINALS or text[j] in CLOSERS):
                j += 1
            while j < n and text[j] in " \t\u3000":
                j += 1
            if j < n and text[j] != "\n":
                starts.append(j)
            i = j
            continue
        # (a terminal inside quotes, “……。”, ends nothing: the attribution after it stays in the sentence)
        i = p + 1
    return _with_long_runs_cut(text, sorted(set(starts)))


def _with_long_runs_cut(text: str, starts: list[int]) -> list[int]:
    """The starts, plus cuts that keep every sentence within MAX_SENTENCE characters."""
    ends = starts[1:] + [len(text)]
    if all(end - start <= MAX_SENTENCE for start, end in zip(starts, ends)):
        return starts
    out = []
    for start, end in zip(starts, ends):
        out.append(start)
        while end - start > MAX_SENTENCE:
            cut = max(text.rfind(ch, start + 1, start + MAX_SENTENCE) for ch in CLAUSE_BREAKS) + 1
            if cut <= start + 1:
                cut = start + MAX_SENTENCE      # not one clause break: cut anywhere
            out.append(cut)
            start = cut
    return out


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
