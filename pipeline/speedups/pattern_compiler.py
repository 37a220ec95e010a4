"""Rule patterns as analysts write them -> the same regexes in a form Python's `re` runs faster.

`fast_form(regex, lexicons)` rewrites the text of a regex (its `{name}` lexicon placeholders
left in place) so that it finds exactly the same matches, with the same groups, in the same
order; only the work done at positions where it fails changes. Two rewrites:

1. A lookaround moves after the character that follows it. `re` searches a pattern that
   starts by reading one character from a set for that set's characters in a C loop, and
   tries the pattern only where one stands; a pattern that starts with a lookbehind is tried
   at every position of the text. And inside a pattern, an alternative starting with a
   character is skipped at once where that character is absent. So a run of lookarounds in
   front of a one-character item is moved after it, each told to look back one character
   more: `(?<!第)[0-9]` -> `[0-9](?<!第.)`; `(?![0-9])` -> `(?<!(?=[0-9]).)`. The run goes:
   - after a one-character item (a character, a set, `.`); when the item repeats
     (`[0-9]+`), after its first occurrence (`[0-9](?<!…)[0-9]*`);
   - into a group whose content is one sequence (`(?<!第)(?P<number>一)` ->
     `(?P<number>一(?<!第.))`), and on from there;
   - after a group that always reads the same number of characters
     (`(?<!公元前)(?:19|20)` -> `(?:19|20)(?<!公元前..)`);
   - into every alternative of a group (of a few), when it moves in each of them.
   A lookaround is moved only when it captures nothing and refers to no group, and a check
   of the first character, `(?=[…])`, stays in front (it is there to fail first). Whatever
   it tests is a test of the position alone, so testing it a character later gives the
   same answer: `(?<!X)` before position p holds exactly when `(?<!X.)` holds after the
   character at p, and `(?!Y)` at p exactly when `(?<!(?=Y).)` holds one character on.
   `(?:(?<=[S])|^)` ("after one of S, or at the text start") is first read as its one
   lookbehind `(?<![^S])`.

   A run that cannot move, followed by something whose first characters are known, gets a
   check of those characters in front of it (`(?=[称说表…])(?!(?<=[下简])称)…`): where none
   stands, one step fails it instead of each lookaround.

   A pattern that opens with a phrase that may be empty and reads only certain characters
   (a speaker phrase, `[^，。…]{0,48}?`), then something whose first characters are known (a
   speech verb), first looks for those characters (or words, when what follows is a list of
   words) within the phrase's reach: `(?=[^，。…]{0,48}?[说称…])`, one scan where the phrase
   would try each of its lengths. Where that is a set of characters, the check reads the phrase's
   characters that are none of them possessively, then one of them: `(?=[^，。…说称]{0,48}+[说称…])`
   holds exactly where the lazy form does (the first character within reach that is a verb's or
   no phrase character decides), without trying a verb after each character (Python 3.11+).

2. The first characters are read or checked first. A pattern that starts with a repeated
   character reads it once first (`[0-9]+` -> `[0-9][0-9]*`: `re` scans for the characters
   of a leading one-character item, not of a leading repeat). Where the pattern still does
   not start by reading a character (`re` tries it at every position), the characters its
   matches can start with, when they are known and not too many, are checked first, in
   one step: `(?=[0-9０-９])`. A pattern whose top level is an alternation gets one such
   check in front of each run of alternatives whose first characters are known.

Each rewrite keeps the matches because it only adds or moves tests of positions, never
what is read or in which order the alternatives are tried. `NEWSX_PLAIN=1` skips them
(pipeline.speedups.enabled); tests compare the two forms on real and random text.
"""
from __future__ import annotations

import hashlib
import marshal
import re
import sys
import warnings
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Mapping, Sequence

try:                                   # the regex parser and its node kinds (Python 3.11+)
    from re import _constants as sre
    from re import _parser as sre_parse
except ImportError:                    # Python 3.10
    import sre_constants as sre
    import sre_parse

from pipeline import speedups
from pipeline.speedups.lexicon_trie import MAX_BRANCHES_UNCHECKED, lookahead_for_chars
from pipeline.speedups.regex_cache import compile_regex, remembered

# A set of first characters wider than this (a whole script) makes no useful check.
MAX_FIRST_CHARS = 512
ANY_CHAR = "(?s:.)"            # one character, line breaks included, whatever the flags
# A run of lookarounds goes into each alternative of a group of at most this many (a copy each).
MAX_ALTERNATIVES_TAKING_A_RUN = 16
INF = float("inf")


# --- the pattern as a tree that prints back as its own text ------------------------------

class Node:
    def text(self) -> str:
        raise NotImplementedError


@dataclass
class Chars(Node):
    """One character: a literal, an escape, a set, `.`; `chars` are those it may be (None: many)."""
    source: str
    chars: frozenset[str] | None

    def text(self) -> str:
        return self.source


@dataclass
class Lexicon(Node):
    """A `{name}` placeholder of a lexicon: any one of its words."""
    name: str
    words: tuple[str, ...]

    def text(self) -> str:
        return "{" + self.name + "}"


@dataclass
class Other(Node):
    """An anchor (^ $ \\b …), a comment, a back-reference, or text the compiler put in (`reads`
    characters of anything, or a test of the position)."""
    source: str
    anchor: bool = False        # zero width, tests the position
    backref: bool = False
    reads: int = 0

    def text(self) -> str:
        return self.source


@dataclass
class Alt(Node):
    seqs: list[list[Node]]

    def text(self) -> str:
        return "|".join("".join(n.text() for n in seq) for seq in self.seqs)


LOOKAROUNDS = ("(?=", "(?!", "(?<=", "(?<!")


@dataclass
class Group(Node):
    opening: str                # "(", "(?:", "(?P<name>", "(?=", "(?<!", "(?>", "(?i:", "(?(1)"…
    body: Alt

    @property
    def lookaround(self) -> bool:
        return self.opening in LOOKAROUNDS

    @property
    def lookbehind(self) -> bool:
        return self.opening.startswith("(?<") and not self.opening.startswith("(?P")

    @property
    def captures(self) -> bool:
        return self.opening == "(" or self.opening.startswith("(?P<")

    @property
    def plain(self) -> bool:
        """A group that only groups or captures (no flags, no test, no condition)."""
        return self.opening == "(?:" or self.captures

    def text(self) -> str:
        return self.opening + self.body.text() + ")"


@dataclass
class Repeat(Node):
    item: Node
    low: int
    high: float                 # INF when unbounded
    suffix: str = ""            # "?" lazy, "+" possessive
    written: str | None = None  # the quantifier as the pattern wrote it

    def text(self) -> str:
        written = self.written if self.written is not None else quantifier(self.low, self.high, self.suffix)
        return self.item.text() + written


def quantifier(low: int, high: float, suffix: str = "") -> str:
    if high == INF:
        q = {0: "*", 1: "+"}.get(low, f"{{{low},}}")
    elif low == high:
        return "" if low == 1 else f"{{{low}}}" + suffix
    else:
        q = "?" if (low, high) == (0, 1) else f"{{{low},{int(high)}}}"
    return q + suffix


class Unsupported(Exception):
    """Syntax the compiler leaves alone (global or verbose flags…): the pattern stays as written."""


_QUANTIFIER = re.compile(r"\{(\d*)(?:(,)(\d*))?\}")
_PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")
_GROUP_OPENING = re.compile(r"\(\?(?:P<\w+>|:|=|!|<=|<!|>|[aiLmsux]*(?:-[imsx]+)?:)")


class _Parser:
    def __init__(self, text: str, lexicons: Mapping[str, Sequence[str]]):
        self.s, self.i, self.lexicons = text, 0, lexicons

    def parse(self) -> Alt:
        alt = self.alternation()
        if self.i != len(self.s):
            raise Unsupported(f"unbalanced ) at {self.i}")
        return alt

    def alternation(self) -> Alt:
        seqs = [self.sequence()]
        while self.i < len(self.s) and self.s[self.i] == "|":
            self.i += 1
            seqs.append(self.sequence())
        return Alt(seqs)

    def sequence(self) -> list[Node]:
        seq: list[Node] = []
        while self.i < len(self.s) and self.s[self.i] not in "|)":
            item = self.atom()
            seq.append(self.repeated(item))
        return seq

    def quantifier_at(self) -> tuple[int, float, int] | None:
        """(low, high, end) of a quantifier starting at the current position, if one does."""
        s, i = self.s, self.i
        if i < len(s) and s[i] in "*+?":
            return {"*": (0, INF), "+": (1, INF), "?": (0, 1)}[s[i]] + (i + 1,)
        m = _QUANTIFIER.match(s, i)
        if not m or (not m.group(1) and not m.group(2)):          # {} and {name} are no quantifiers
            return None
        low = int(m.group(1) or 0)
        high = (int(m.group(3)) if m.group(3) else INF) if m.group(2) else low
        return low, high, m.end()

    def repeated(self, item: Node) -> Node:
        s = self.s
        while True:
            q = self.quantifier_at()
            if q is None:
                return item
            start = self.i
            low, high, self.i = q
            suffix = ""
            if self.i < len(s) and s[self.i] in "?+":
                suffix = s[self.i]
                self.i += 1
            if isinstance(item, Repeat) or isinstance(item, Other) and item.anchor:
                raise Unsupported("a repeated repeat or anchor")
            item = Repeat(item, low, high, suffix, written=s[start:self.i])
        return item

    def atom(self) -> Node:
        s, start = self.s, self.i
        c = s[start]
        if self.quantifier_at() is not None:
            raise Unsupported("nothing to repeat")      # re reports it
        if c == "(":
            return self.group()
        if c == "[":
            self.i = _set_end(s, start)
            return Chars(s[start:self.i], _chars_of(s[start:self.i]))
        if c == "\\":
            return self.escape()
        if c == "{" and (m := _PLACEHOLDER.match(s, start)) and m.group(1) in self.lexicons:
            self.i = m.end()
            return Lexicon(m.group(1), tuple(self.lexicons[m.group(1)]))
        self.i += 1
        if c in "^$":
            return Other(c, anchor=True)
        if c == ".":
            return Chars(c, None)
        return Chars(c, frozenset(c))

    def escape(self) -> Node:
        s, start = self.s, self.i
        if start + 1 >= len(s):
            raise Unsupported("a trailing backslash")
        c = s[start + 1]
        if c in "bBAZ":
            self.i = start + 2
            return Other(s[start:self.i], anchor=True)
        if c.isdigit():
            m = re.compile(r"\\(?:0[0-7]{0,2}|[1-7][0-7]{2}|([1-9][0-9]?))").match(s, start)
            self.i = m.end()
            return Other(m.group(), backref=True) if m.group(1) else Chars(m.group(), _chars_of(m.group()))
        width = {"u": 6, "U": 10, "x": 4}.get(c, 2)
        if c == "N":
            width = s.index("}", start) + 1 - start
        self.i = start + width
        return Chars(s[start:self.i], _chars_of(s[start:self.i]))

    def group(self) -> Node:
        s, start = self.s, self.i
        if s.startswith("(?#", start):
            self.i = s.index(")", start) + 1
            return Other(s[start:self.i], anchor=True)
        if s.startswith("(?P=", start):
            self.i = s.index(")", start) + 1
            return Other(s[start:self.i], backref=True)
        if s.startswith("(?(", start):
            opening = s[start:s.index(")", start) + 1]
        elif s.startswith("(?", start):
            m = _GROUP_OPENING.match(s, start)
            if not m:
                raise Unsupported(f"group syntax at {start}")     # global flags (?i) and the like
            opening = m.group()
            if "x" in opening.split("-")[0] and opening.endswith(":") and opening[2] != "P":
                raise Unsupported("verbose flag")
        else:
            opening = "("
        self.i = start + len(opening)
        body = self.alternation()
        if self.i >= len(s) or s[self.i] != ")":
            raise Unsupported("unclosed group")
        self.i += 1
        return Group(opening, body)


def _set_end(s: str, start: int) -> int:
    """The index after the `]` closing the set that opens at `start`."""
    i = start + 1
    if i < len(s) and s[i] == "^":
        i += 1
    if i < len(s) and s[i] == "]":
        i += 1
    while i < len(s) and s[i] != "]":
        i += 2 if s[i] == "\\" else 1
    if i >= len(s):
        raise Unsupported("unclosed set")
    return i + 1


def _chars_of(atom: str) -> frozenset[str] | None:
    """The characters a one-character regex (a literal, an escape, a set) matches; None when
    they are many or not a plain list (a negated set, \\d, a wide range)."""
    try:
        with warnings.catch_warnings():        # re.compile warns about the pattern itself (a nested set…)
            warnings.simplefilter("ignore")
            parsed = sre_parse.parse(atom)
    except Exception:
        return None
    if len(parsed.data) != 1:
        return None
    op, av = parsed.data[0]
    if op is sre.LITERAL:
        return frozenset(chr(av))
    if op is not sre.IN:
        return None
    chars: set[str] = set()
    for item, value in av:
        if item is sre.LITERAL:
            chars.add(chr(value))
        elif item is sre.RANGE and value[1] - value[0] < MAX_FIRST_CHARS:
            chars.update(map(chr, range(value[0], value[1] + 1)))
        else:
            return None
    return frozenset(chars)


# --- what a node reads ----------------------------------------------------------------------

def width(node: Node) -> tuple[float, float]:
    """(fewest, most) characters the node reads (most: INF when unbounded or unknown)."""
    if isinstance(node, Chars):
        return 1, 1
    if isinstance(node, Lexicon):
        lengths = [len(w) for w in node.words] or [0]
        return min(lengths), max(lengths)
    if isinstance(node, Other):
        return (0, INF) if node.backref else (node.reads, node.reads)
    if isinstance(node, Group):
        if node.lookaround:
            return 0, 0
        if node.opening.startswith("(?("):
            return 0, INF
        return width(node.body)
    if isinstance(node, Repeat):
        low, high = width(node.item)
        return low * node.low, (0 if not high or not node.high else high * node.high)
    if isinstance(node, Alt):
        widths = [seq_width(seq) for seq in node.seqs]
        return min(w[0] for w in widths), max(w[1] for w in widths)
    raise TypeError(node)


def seq_width(seq: list[Node]) -> tuple[float, float]:
    low = high = 0
    for node in seq:
        a, b = width(node)
        low, high = low + a, high + b
    return low, high


def node_first_chars(node: Node) -> tuple[set[str] | None, bool]:
    """(the characters a match of the node can start with, or None when unknown; whether it can
    match the empty string)."""
    if isinstance(node, Chars):
        return (set(node.chars) if node.chars is not None else None), False
    if isinstance(node, Lexicon):
        return {w[0] for w in node.words if w}, any(not w for w in node.words) or not node.words
    if isinstance(node, Other):
        return (None, False) if node.backref or node.reads else (set(), True)
    if isinstance(node, Group):
        if node.lookaround:
            return set(), True
        if not (node.plain or node.opening == "(?>"):
            return None, False        # flags (a case-insensitive letter has two forms), a condition
        return node_first_chars(node.body)
    if isinstance(node, Repeat):
        if not node.high:
            return set(), True
        chars, nullable = node_first_chars(node.item)
        return chars, nullable or node.low == 0
    if isinstance(node, Alt):
        chars, nullable = set(), False
        for seq in node.seqs:
            first, empty = seq_first_chars(seq)
            if first is None:
                return None, False
            chars |= first
            nullable = nullable or empty
        return chars, nullable
    raise TypeError(node)


def seq_first_chars(seq: list[Node]) -> tuple[set[str] | None, bool]:
    chars: set[str] = set()
    for node in seq:
        first, nullable = node_first_chars(node)
        if first is None:
            return None, False
        chars |= first
        if not nullable:
            return chars, False
    return chars, True


def first_chars(regex: str, lexicons: Mapping[str, Sequence[str]] | None = None) -> frozenset[str] | None:
    """Every character a match of the regex can start with; None when unknown or when a match may be empty."""
    return remembered("first_chars", _key(regex, 0, lexicons), lambda: _first_chars(regex, lexicons), __file__)


def _first_chars(regex: str, lexicons: Mapping[str, Sequence[str]] | None) -> frozenset[str] | None:
    try:
        tree = _Parser(regex, lexicons or {}).parse()
    except (Unsupported, ValueError, IndexError):
        return None
    chars, nullable = node_first_chars(tree)
    return None if chars is None or nullable else frozenset(chars)


def _walk(node: Node):
    yield node
    if isinstance(node, Group):
        yield from _walk(node.body)
    elif isinstance(node, Alt):
        for seq in node.seqs:
            for n in seq:
                yield from _walk(n)
    elif isinstance(node, Repeat):
        yield from _walk(node.item)


def movable(node: Node) -> bool:
    """A test of the position alone: a lookaround (or a group of alternative lookarounds) that
    captures nothing and refers to no group."""
    if isinstance(node, Group) and node.lookaround:
        return not any(isinstance(n, Group) and (n.captures or n.opening.startswith("(?("))
                       or isinstance(n, Other) and n.backref for n in _walk(node.body))
    if isinstance(node, Group) and node.opening == "(?:":
        return all(seq and all(movable(n) for n in seq) for seq in node.body.seqs)
    return False


def is_first_char_check(node: Node) -> bool:
    """A lookahead for one character of a set, `(?=[…])`: a check put in front of what follows
    (by the lexicon trie, or by hand) so that a position where it cannot start fails at once;
    it stays where it is."""
    return isinstance(node, Group) and node.opening == "(?=" and len(node.body.seqs) == 1 \
        and len(node.body.seqs[0]) == 1 and isinstance(node.body.seqs[0][0], Chars) \
        and node.body.seqs[0][0].chars is not None


def shifted(node: Node, n: int) -> Node:
    """The test `node` makes at a position, made n characters further on (past what was read)."""
    back = Other(ANY_CHAR if n == 1 else f"(?s:.{{{n}}})", reads=n)
    if node.lookbehind:
        body = node.body if len(node.body.seqs) == 1 else Alt([[Group("(?:", node.body)]])
        return Group(node.opening, Alt([body.seqs[0] + [back]]))
    if node.lookaround:                                   # (?=Y) -> (?<=(?=Y).), (?!Y) -> (?<!(?=Y).)
        opening = "(?<=" if node.opening == "(?=" else "(?<!"
        return Group(opening, Alt([[Group("(?=", node.body), back]]))
    return Group(node.opening, Alt([[shifted(m, n) for m in seq] for seq in node.body.seqs]))


# --- rewrite 1: lookarounds after the character that follows them ---------------------------

def hoisted(seq: list[Node]) -> list[Node]:
    """The sequence with each run of movable lookarounds placed after what follows it, where it
    can go (see the module's docstring), and the same done inside every group."""
    out: list[Node] = []
    i = 0
    while i < len(seq):
        if movable(seq[i]):
            j = i
            while j < len(seq) and movable(seq[j]):
                j += 1
            # First-character checks stay in front (tests of one position commute).
            checks = [node for node in seq[i:j] if is_first_char_check(node)]
            run = [_inner(node) for node in seq[i:j] if not is_first_char_check(node)]
            moved = _place_after(run, seq[j]) if run and j < len(seq) else None
            if moved is not None:
                out += checks + moved
                i = j + 1
            else:
                out += _checked_run(checks, run, seq[j:])
                i = j
            continue
        out.append(_inner(seq[i]))
        i += 1
    return out


def first_char_check(chars: set[str]) -> Group:
    """`(?=[…])` for these characters, as a node."""
    inside = lookahead_for_chars(chars)[len("(?="):-1]
    return Group("(?=", Alt([[Chars(inside, frozenset(chars))]]))


def _checked_run(checks: list[Node], run: list[Node], rest: list[Node]) -> list[Node]:
    """A run of lookarounds that stays where it is, with a check of the first characters of what
    follows it in front when there is none yet: where none of them stands, one step fails it."""
    chars, nullable = seq_first_chars(rest)
    if not run or checks or chars is None or nullable or len(chars) > MAX_FIRST_CHARS:
        return checks + run
    return [first_char_check(chars)] + run


def _inner(node: Node) -> Node:
    if isinstance(node, Group):
        return replace(node, body=Alt([hoisted(seq) for seq in node.body.seqs]))
    if isinstance(node, Repeat):
        return replace(node, item=_inner(node.item))
    return node


def _place_after(run: list[Node], nxt: Node) -> list[Node] | None:
    """`run` + `nxt` with the run moved after nxt's first character(s); None when it cannot go."""
    if isinstance(nxt, Chars):
        return [nxt] + [shifted(t, 1) for t in run]
    if isinstance(nxt, Repeat) and isinstance(nxt.item, Chars) and nxt.low >= 1:
        rest = [] if nxt.high == 1 else [Repeat(nxt.item, nxt.low - 1, nxt.high - 1, nxt.suffix)]
        return [nxt.item] + [shifted(t, 1) for t in run] + rest
    if isinstance(nxt, Group) and nxt.plain:
        if len(nxt.body.seqs) == 1:
            inside = hoisted(run + nxt.body.seqs[0])
            if _run_moved(inside):
                return [replace(nxt, body=Alt([inside]))]
        low, high = width(nxt)
        if low == high and low >= 1:
            return [_inner(nxt)] + [shifted(t, int(low)) for t in run]
        if 1 < len(nxt.body.seqs) <= MAX_ALTERNATIVES_TAKING_A_RUN:
            alternatives = [hoisted(run + seq) for seq in nxt.body.seqs]
            if all(_run_moved(alt) for alt in alternatives):
                return [replace(nxt, body=Alt(alternatives))]
        return None
    low, high = width(nxt)
    if isinstance(nxt, Lexicon) and low == high and low >= 1:
        return [nxt] + [shifted(t, int(low)) for t in run]
    return None


def _run_moved(seq: list[Node]) -> bool:
    """Whether the sequence (a run put in front of it, then hoisted) starts, after its first-character
    checks, with something other than a lookaround: the run went further in."""
    rest = [node for node in seq if not is_first_char_check(node)]
    return bool(rest) and not movable(rest[0])


def _text_start_or_after(node: Node) -> Node:
    """(?:(?<=[S])|^) -> (?<![^S]): after one of S, or where nothing stands before."""
    if isinstance(node, Group) and node.opening == "(?:" and len(node.body.seqs) == 2:
        seqs = node.body.seqs
        for behind, start in (seqs, seqs[::-1]):
            if len(behind) == 1 and len(start) == 1 and isinstance(start[0], Other) \
                    and start[0].source in ("^", r"\A") and isinstance(behind[0], Group) \
                    and behind[0].opening == "(?<=" and len(behind[0].body.seqs) == 1 \
                    and len(behind[0].body.seqs[0]) == 1 and isinstance(behind[0].body.seqs[0][0], Chars):
                negated = _negated(behind[0].body.seqs[0][0].source)
                if negated:
                    return Group("(?<!", Alt([[Chars(negated, None)]]))
    if isinstance(node, Group):
        if node.opening.startswith("(?") and "m" in node.opening.split("-")[0] and node.opening.endswith(":") \
                and not node.opening.startswith("(?P"):
            return node                   # ^ is a line start in there
        return replace(node, body=Alt([[_text_start_or_after(n) for n in seq] for seq in node.body.seqs]))
    if isinstance(node, Repeat):
        return replace(node, item=_text_start_or_after(node.item))
    return node


def _negated(atom: str) -> str | None:
    if atom.startswith("[^"):
        return "[" + atom[2:]
    if atom.startswith("["):
        return "[^" + atom[1:]
    if atom == "\\" or atom.startswith("\\") and atom[1:2].isalpha() and atom[1] not in "ntrfvux":
        return None                       # \d, \w…: not one character to put in a set
    return "[^" + atom + "]" if atom not in "^]-\\" else None


# --- rewrite 2: the first characters checked first ------------------------------------------

def _starts_by_reading(seq: list[Node]) -> bool:
    """Whether `re` finds the sequence's possible starts with a C loop (a literal prefix or a set
    of first characters: re._compiler._compile_info), so a lookahead in front would only cost;
    or whether it starts with such a lookahead already."""
    if not seq or seq_width(seq)[0] == 0:
        return False
    node = seq[0]
    while isinstance(node, Group) and node.plain and len(node.body.seqs) == 1 and node.body.seqs[0]:
        node = node.body.seqs[0][0]
    if is_first_char_check(node):
        return True
    if isinstance(node, Chars):
        return node.source != "."                       # a literal or a set (`.` is neither)
    if isinstance(node, Group) and node.plain:           # alternatives that each start with a literal
        return all(seq and isinstance(seq[0], Chars) and seq[0].chars is not None and len(seq[0].chars) == 1
                   for seq in node.body.seqs)
    if isinstance(node, Lexicon):
        return len({w[0] for w in node.words if w}) <= MAX_BRANCHES_UNCHECKED and all(node.words)
    return False


def _checked(seqs: list[list[Node]]) -> list[list[Node]]:
    """The alternatives, each run of those with known first characters behind one lookahead for them."""
    runs: list[tuple[set[str] | None, list[list[Node]]]] = []
    for seq in seqs:
        chars, nullable = seq_first_chars(seq)
        known = chars if chars is not None and not nullable and len(chars) <= MAX_FIRST_CHARS else None
        if known and runs and runs[-1][0] is not None and len(runs[-1][0] | known) <= MAX_FIRST_CHARS:
            runs[-1][0].update(known)
            runs[-1][1].append(seq)
        else:
            runs.append((set(known) if known else None, [seq]))
    out = []
    for chars, run in runs:
        if chars is None:
            out += run
        else:
            out.append([first_char_check(chars)] + (run[0] if len(run) == 1 else [Group("(?:", Alt(run))]))
    return out


def _reading_first(seq: list[Node]) -> list[Node]:
    """The sequence with a repeated character it starts with read once first (`[0-9]+` ->
    `[0-9][0-9]*`: `re` scans for the first characters of a pattern that starts with one
    character, not with a repeat), also at the start of each alternative of a group it starts with."""
    if not seq:
        return seq
    first = seq[0]
    if isinstance(first, Repeat) and isinstance(first.item, Chars) and first.low >= 1:
        rest = [] if first.high == 1 else [Repeat(first.item, first.low - 1, first.high - 1, first.suffix)]
        return [first.item] + rest + seq[1:]
    if isinstance(first, Group) and first.plain:
        return [replace(first, body=Alt([_reading_first(s) for s in first.body.seqs]))] + seq[1:]
    return seq


def _first_char_checked(root: Alt) -> Alt:
    root = Alt([_reading_first(seq) for seq in root.seqs])
    seqs = root.seqs
    if _starts_by_reading(seqs[0] if len(seqs) == 1 else [Group("(?:", root)]):
        return root
    # A pattern that is one group of alternatives (a fragment as expanded: (?:a|b)) is checked inside.
    if len(seqs) == 1 and len(seqs[0]) == 1 and isinstance(seqs[0][0], Group) and seqs[0][0].opening == "(?:" \
            and len(seqs[0][0].body.seqs) > 1:
        group = seqs[0][0]
        return Alt([[replace(group, body=Alt(_checked(group.body.seqs)))]])
    return Alt(_checked(seqs))


# --- rewrite 3: what ends a phrase looked for first -----------------------------------------

# A phrase of at most this many characters gets a window check (a longer one costs more to scan than
# it saves); one of fewer than MIN_WINDOW gets none (there is little to save).
MAX_WINDOW, MIN_WINDOW = 200, 8
POSSESSIVE_REPEATS = sys.version_info >= (3, 11)      # `x{0,n}+`: re reads them from Python 3.11 on


def read_chars(node: Node) -> tuple[bool, frozenset[str]] | None:
    """The characters the node may read: (True, P) one of P, or (False, E) anything but E; None when
    that cannot be told."""
    if isinstance(node, Chars):
        if node.chars is not None:
            return True, node.chars
        if node.source == ".":
            return False, frozenset("\n")
        excluded = _chars_of("[" + node.source[2:]) if node.source.startswith("[^") else None
        return (False, excluded) if excluded is not None else None
    if isinstance(node, Lexicon):
        return True, frozenset("".join(node.words))
    if isinstance(node, Other):
        return (True, frozenset()) if node.anchor and not node.reads else None
    if isinstance(node, Group):
        if node.lookaround:
            return True, frozenset()
        return read_chars(node.body) if node.plain or node.opening == "(?>" else None
    if isinstance(node, Repeat):
        return read_chars(node.item)
    if isinstance(node, Alt):
        return _together([read_chars(n) for seq in node.seqs for n in seq])
    return None


def _together(reads: list) -> tuple[bool, frozenset[str]] | None:
    if any(r is None for r in reads):
        return None
    found = frozenset().union(*(chars for only, chars in reads if only))
    excluded = [chars for only, chars in reads if not only]
    if not excluded:
        return True, found
    common = frozenset.intersection(*excluded)
    return None if found & common else (False, common)


def _words_of(node: Node) -> str | None:
    """The node as an alternation of plain words, when it is one (a lexicon, or a group of words
    such as (?P<cue>消息|通知)): the window check then looks for the words, not their first characters."""
    if isinstance(node, Lexicon) and all(node.words):
        return node.text()
    if isinstance(node, Group) and node.plain and all(
            seq and all(isinstance(n, Chars) and n.chars is not None and len(n.chars) == 1
                        and not n.source.startswith("[") for n in seq) for seq in node.body.seqs):
        return "(?:" + node.body.text() + ")"
    return None


def _window_checked(seq: list[Node]) -> list[Node]:
    """A sequence with a window check in front of each phrase that may be empty and reads only
    certain characters (a speaker phrase, [^，。…]{0,48}?), then something whose first characters
    are known (the speech verb): a lookahead for those characters within the phrase's reach, so
    that where none stands, one scan fails the position instead of a try at each length of the
    phrase. Every match passes each check (it reads at most that many of those characters, then
    one of the first characters). The phrase may open the sequence (after its tests of the
    position), follow something read (…[，,](?P<speaker>…{0,48}?)说: tried at every comma), or
    open a group (the group's own sequence is checked the same way)."""
    out: list[Node] = []
    i = 0
    while i < len(seq):
        start = i
        while start < len(seq) and seq_width([seq[start]]) == (0, 0):
            start += 1
        end = start
        while end < len(seq) and seq_width([seq[end]])[0] == 0:
            end += 1
        out += seq[i:start]
        check = _window_check(seq[start:end], seq[end:])
        if check is not None:
            out.append(check)
        out += seq[start:end]
        if end < len(seq):
            out.append(_group_window_checked(seq[end]))
        i = end + 1
    return out


def _group_window_checked(node: Node) -> Node:
    """A group (plain or atomic, read once) with its alternatives window-checked."""
    if isinstance(node, Group) and (node.plain or node.opening == "(?>"):
        return replace(node, body=Alt([_window_checked(seq) for seq in node.body.seqs]))
    return node


def _window_check(phrase: list[Node], rest: list[Node]) -> Node | None:
    """The check for `phrase` followed by `rest` (see `_window_checked`), or None."""
    low, reach = seq_width(phrase)
    chars, nullable = seq_first_chars(rest)
    read = _together([read_chars(n) for n in phrase]) if phrase else None
    if not rest or read is None or not MIN_WINDOW <= reach <= MAX_WINDOW or chars is None or nullable \
            or len(chars) > MAX_FIRST_CHARS:
        return None
    only, these = read
    if only:
        phrase_chars = lookahead_for_chars(these)[len("(?="):-1] if these else ""
    else:
        phrase_chars = "[^" + "".join(re.escape(c) for c in sorted(these)) + "]" if these else ANY_CHAR
    if not phrase_chars:
        return None
    words = _words_of(rest[0])
    ends = words or lookahead_for_chars(chars)[len("(?="):-1]
    if words is None and POSSESSIVE_REPEATS:
        # The first character within reach that is one of the ends or no phrase character decides:
        # one possessive run over the phrase characters that are no ends, then an end (the lazy form
        # tries an end after each character).
        if only:
            run = lookahead_for_chars(these - chars)[len("(?="):-1] if these - chars else ""
        else:
            run = "[^" + "".join(re.escape(c) for c in sorted(these | chars)) + "]"
        return Other(f"(?={run}{{0,{int(reach)}}}+{ends})" if run else f"(?={ends})", anchor=True)
    return Other(f"(?={phrase_chars}{{0,{int(reach)}}}?{ends})", anchor=True)


# --- the whole ------------------------------------------------------------------------------

def fast_form(regex: str, lexicons: Mapping[str, Sequence[str]] | None = None, flags: int = 0) -> str:
    """The regex rewritten to find the same matches faster (see the module's docstring).
    `{name}` placeholders of `lexicons` stay in the text, each read as one of its words.
    A regex the compiler does not understand (global flags, verbose syntax) comes back as it is.
    Kept in the regex cache's file: rewriting every rule's pattern costs a start-up ~0.3 s."""
    if flags & (re.MULTILINE | re.VERBOSE | re.IGNORECASE) or not isinstance(regex, str):
        return regex
    return remembered("fast_form", _key(regex, flags, lexicons), lambda: _fast_form(regex, lexicons, flags), __file__)


def _key(regex: str, flags: int, lexicons: Mapping[str, Sequence[str]] | None) -> tuple:
    """What a result of the compiler depends on: the text, the flags and the words of each lexicon
    the text names (a digest of them)."""
    named = sorted({name for name in _PLACEHOLDER.findall(regex) if lexicons and name in lexicons})
    return regex, int(flags), tuple((name, words_digest(tuple(lexicons[name]))) for name in named)


@lru_cache(maxsize=256)
def words_digest(words: tuple[str, ...]) -> str:
    """A digest of a lexicon's words (what a result derived from them is kept under). Their order is
    left out: a lexicon means the same in any order, and a list made from a set has another order in
    each process (every start-up would miss)."""
    return hashlib.sha256(marshal.dumps(tuple(sorted(set(words))))).hexdigest()[:24]


def _fast_form(regex: str, lexicons: Mapping[str, Sequence[str]] | None, flags: int) -> str:
    try:
        tree = _Parser(regex, lexicons or {}).parse()
    except (Unsupported, ValueError, IndexError):
        return regex
    tree = Alt([[_text_start_or_after(n) for n in seq] for seq in tree.seqs])
    tree = Alt([hoisted(seq) for seq in tree.seqs])
    tree = Alt([_window_checked(seq) for seq in tree.seqs])
    return _first_char_checked(tree).text()


def compile_fast(regex: str, flags: int = 0) -> re.Pattern:
    """`re.compile(regex, flags)` of a regex made in code, in its fast form (from the regex cache);
    as written under NEWSX_PLAIN=1."""
    return compile_regex(fast_form(regex, flags=flags) if speedups.enabled() else regex, flags)


# --- alternatives a text cannot match, left out -----------------------------------------------

# An alternative opening with a lookbehind or a negated set is tried at nearly every position of a
# text; one that needs a character the text lacks is left out of a second form (`CharGatedRegex`).


def _node_needs(node: Node, char: str) -> bool:
    """Whether every match of the node needs `char` in the searched text (read, or seen by a
    lookahead or lookbehind that must hold)."""
    if isinstance(node, Chars):
        return node.chars == frozenset(char)
    if isinstance(node, Lexicon):
        return bool(node.words) and all(char in word for word in node.words)
    if isinstance(node, Group):
        if not (node.plain or node.opening in ("(?=", "(?<=", "(?>")):
            return False              # a negative lookaround, flags (another case), a condition
        return _alt_needs(node.body, char)
    if isinstance(node, Repeat):
        return node.low >= 1 and _node_needs(node.item, char)
    return False


def _seq_needs(seq: list[Node], char: str) -> bool:
    return any(_node_needs(node, char) for node in seq)


def _alt_needs(alt: Alt, char: str) -> bool:
    return all(_seq_needs(seq, char) for seq in alt.seqs)


def _single_chars(node: Node):
    if isinstance(node, Chars) and node.chars is not None and len(node.chars) == 1:
        yield from node.chars
    elif isinstance(node, Group):
        for seq in node.body.seqs:
            for item in seq:
                yield from _single_chars(item)
    elif isinstance(node, Repeat):
        yield from _single_chars(node.item)


def without_char_alternatives(regex: str) -> tuple[str, str] | None:
    """(a character, the regex without the top-level alternatives that need it) for a regex with at
    least two alternatives that need one character (the one most of them need); None otherwise. In a text without that
    character the second form finds exactly what the regex finds: `re` tries the alternatives in
    their order at each position, and one that cannot match anywhere in the text adds nothing."""
    return remembered("without_char_alternatives", (regex,), lambda: _without_char_alternatives(regex), __file__)


def _without_char_alternatives(regex: str) -> tuple[str, str] | None:
    try:
        seqs = _Parser(regex, {}).parse().seqs
    except (Unsupported, ValueError, IndexError):
        return None
    if len(seqs) < 2:
        return None
    counts: dict[str, int] = {}
    for seq in seqs:
        for char in dict.fromkeys(c for node in seq for c in _single_chars(node)):
            if _seq_needs(seq, char):
                counts[char] = counts.get(char, 0) + 1
    if not counts or max(counts.values()) < 2:
        return None
    char = max(counts, key=counts.get)
    kept = [seq for seq in seqs if not _seq_needs(seq, char)]
    if not kept:
        return None
    return char, "|".join("".join(node.text() for node in seq) for seq in kept)


@dataclass(frozen=True)
class CharGatedRegex:
    """A regex searched in many short texts (sentences), with its second form for texts without the
    character some of its alternatives need (`without_char_alternatives`): the same matches, fewer
    alternatives tried at each position."""
    regex: re.Pattern
    char: str | None = None
    without: re.Pattern | None = None

    @classmethod
    def of(cls, regex: re.Pattern) -> "CharGatedRegex":
        if regex.flags & (re.IGNORECASE | re.VERBOSE) or not isinstance(regex.pattern, str) \
                or not speedups.enabled():
            return cls(regex)
        found = without_char_alternatives(regex.pattern)
        if found is None:
            return cls(regex)
        char, text = found
        return cls(regex, char, compile_regex(text, regex.flags & ~re.UNICODE))

    def for_text(self, text: str) -> re.Pattern:
        return self.regex if self.without is None or self.char in text else self.without
