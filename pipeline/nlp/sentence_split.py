"""Where sentences start in Chinese news text: plain string work, no spaCy.

A sentence ends after 。！？!?；; (with any closing quotes or brackets that follow)
and at every line break. Terminal punctuation inside “…” does not end the
sentence: in “……科研成果。”安徽省经信厅相关负责人告诉记者 the quote and its
attribution are one sentence, which is what the quote extractor needs.

A run longer than MAX_SENTENCE characters (a table flattened into one line, a page
with no terminal punctuation, a quotation mark never closed) is cut at its last clause
break before the limit: every record carries its sentence, and the extractors read a
sentence's text before each match, so an unbounded sentence would make an article's
cost and output grow with the square of its length.

The spaCy component (sentences.py) sets these boundaries on a Doc; the output stage
(cluster links) splits stored article bodies with the same function, without spaCy.
"""
from __future__ import annotations

import re

TERMINALS = set("。！？!?；;")
CLOSERS = set("”’」』）)】》\"'")
OPEN_QUOTES = {"“": "”", "「": "」", "『": "』"}
CLOSE_QUOTES = {v: k for k, v in OPEN_QUOTES.items()}
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
