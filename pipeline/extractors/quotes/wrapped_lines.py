"""Hard-wrapped text: a body copied from a page that broke its lines at a fixed width (a scanned
pamphlet, a plain-text archive) has line breaks inside sentences, so a reported clause or a
speaker phrase would stop at one. The quote rules match on a copy of the text where such breaks
read as a joiner (same length, so offsets stay those of the body, and the quoted words keep
their line breaks)."""
from __future__ import annotations

import re
from collections import Counter

JOINER = "\u200b"            # no whitespace, no punctuation: the patterns read it as part of a clause
LINE = re.compile(r"[^\n]+")
BREAK_AFTER = re.compile(r"[ \t\u3000]*\n(?:[ \t\u3000]*\n)*[ \t\u3000]*")
CLOSES = set("。！？!?；;：:…”」』）)】》")
MIN_WIDTH = 20               # wrapped at 20 characters or more: shorter lines are table cells, lists
MIN_LINES = 12               # enough lines to tell a fixed width from chance
FULL_SHARE = 0.4             # lines of the one width (within a band of 5) among all lines
OPEN_SHARE = 0.6             # full-width lines ending inside a sentence among the lines of that width
BAND = 5


def wrap_width(text: str) -> int | None:
    """The width the text was wrapped at, or None when its lines end where its sentences do."""
    if text.count("\n") < MIN_LINES:
        return None
    lines = [m.group().strip() for m in LINE.finditer(text)]
    lines = [line for line in lines if line]
    if len(lines) < MIN_LINES:
        return None
    bands = Counter(len(line) // BAND for line in lines)
    band, n = bands.most_common(1)[0]
    if band * BAND < MIN_WIDTH or n < FULL_SHARE * len(lines):
        return None
    full = [line for line in lines if len(line) // BAND == band]
    if sum(1 for line in full if line[-1] not in CLOSES) < OPEN_SHARE * len(full):
        return None
    return band * BAND


def unwrapped(text: str) -> str:
    """The text with its wrap breaks (after a line of the wrap width that ends inside a sentence)
    as joiners; the text itself when it is not hard-wrapped."""
    width = wrap_width(text)
    if width is None:
        return text
    out = list(text)
    for m in LINE.finditer(text):
        line = m.group().rstrip()
        # A band short of the width: a paragraph's first line lost its indent to the cleaning.
        if len(line) < width - BAND or line[-1] in CLOSES:
            continue
        gap = BREAK_AFTER.match(text, m.end())
        if gap and gap.end() < len(text):
            for i in range(gap.start(), gap.end()):
                out[i] = JOINER
    return "".join(out)
