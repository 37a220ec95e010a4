"""What text a rule's every match contains, read from its pattern: a cheap test to skip the regex.

`RequiredText.of(regex)` lists groups of strings such that every match
of the rule's regex contains one string of each group: 集群 for …{cluster_word}, one of
（ ( for an apposition, 简称 for a short name. When a text (or a window of it) misses a group, the
regex cannot match there and need not run. The groups are derived from the rule's own pattern
(any user rule gets them too); whatever the analysis cannot see through requires nothing, so a
rule is only ever skipped where it has no match.

The pattern is parsed with its fragments expanded but its large lexicons stubbed out (a stub
requires nothing): parsing the full place-name alternations would cost as much as compiling them.

`RequiredText.runs` are stretches of a pattern that every match holds as they stand, with their
character sets and counts (等[0-9一二…]+个 in `(?P<items>…)等{count}集群`): where the plain
strings 等 and 个 are found apart, one search for the stretch tells whether they stand together.

For a regex whose every match starts with one part (a place, in the cluster rules: told by
pipeline.extractors.matching.starts_with_part), `matches_from(regex, text, starts, end)` finds
what `finditer` finds by trying the regex only where that part starts: one scan for the part
serves every rule that starts with it.

(The first characters a match can start with are the pattern compiler's business:
pipeline/speedups/pattern_compiler.py.)
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline.speedups.regex_cache import compile_regex, remembered

try:                                   # the regex parser and its node kinds (Python 3.11+)
    from re import _constants as sre
    from re import _parser as sre_parse
except ImportError:                    # Python 3.10
    import sre_constants as sre
    import sre_parse

# A group of more alternatives than this tells little (it is found in most text); it is dropped.
MAX_ALTERNATIVES = 8
# Stands for a large lexicon in the parsed pattern (a private-use character no text holds).
_STUB = "\ue000"
_REPEATS = tuple(getattr(sre, name) for name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT") if hasattr(sre, name))
_ATOMIC_GROUP = getattr(sre, "ATOMIC_GROUP", None)     # (?>…), Python 3.11+


def stub_lexicons(lexicons: dict[str, list[str]]) -> dict[str, list[str]]:
    """The lexicons with each large one replaced by a stub (a stub requires nothing): parsing the
    full place-name alternations would cost as much as compiling them."""
    return {name: words if len(words) <= MAX_ALTERNATIVES else [_STUB] for name, words in lexicons.items()}


@dataclass(frozen=True)
class RequiredText:
    groups: tuple[frozenset[str], ...]     # every match contains one string of each group
    runs: tuple[re.Pattern, ...] = ()      # and a match of each of these (checked after the groups)

    @classmethod
    def of(cls, stubbed_regex: str | None) -> "RequiredText":
        """The required text of a rule's regex, expanded with its large lexicons stubbed out
        (`stub_lexicons`)."""
        if stubbed_regex is None:
            return cls(())
        groups, runs = remembered("required_text", (stubbed_regex,), lambda: _required(stubbed_regex), __file__)
        return cls(groups, tuple(compile_regex(run) for run in runs))

    def found_in(self, text: str, looked_up: dict[frozenset[str], bool] | None = None) -> bool:
        """False when the text lacks one of the groups: the rule has no match in it.

        `looked_up` remembers, for one text, the groups already searched for: rules share
        groups (年, 月, 19|20…), and each search reads the whole text."""
        if looked_up is None:
            return all(any(s in text for s in group) for group in self.groups) \
                and all(run.search(text) for run in self.runs)
        for group in self.groups:
            found = looked_up.get(group)
            if found is None:
                found = looked_up[group] = any(s in text for s in group)
            if not found:
                return False
        for run in self.runs:
            found = looked_up.get(run)
            if found is None:
                found = looked_up[run] = run.search(text) is not None
            if not found:
                return False
        return True


def _required(stubbed_regex: str) -> tuple[tuple[frozenset[str], ...], tuple[str, ...]]:
    """(the groups, the stretches as regex texts) of RequiredText.of."""
    try:
        parsed = sre_parse.parse(stubbed_regex)
    except Exception:     # the rule's own compile reports bad patterns; here it only requires nothing
        return (), ()
    if parsed.state.flags & sre.SRE_FLAG_IGNORECASE:
        return (), ()
    # (a stretch is rewritten without the pattern's global flags: with any but the default, none)
    runs = () if parsed.state.flags & ~sre.SRE_FLAG_UNICODE else tuple(dict.fromkeys(_runs(parsed.data)))
    return tuple(dict.fromkeys(_least(group) for group in _sequence(parsed.data))), runs


def _least(group: frozenset[str]) -> frozenset[str]:
    """The group without the strings that hold another of its strings (千万 beside 千): wherever
    one of those stands, so does the shorter one, so the test is the same, and a text that
    lacks them all is read fewer times."""
    return frozenset(s for s in group if not any(other != s and other in s for other in group))


def _sequence(items) -> list[frozenset[str]]:
    """Groups of a sequence of nodes: each node's own, and each run of plain characters as one string."""
    groups, run = [], ""
    for op, av in items:
        if op is sre.LITERAL and chr(av) != _STUB:
            run += chr(av)
            continue
        if run:
            groups.append(frozenset([run]))
            run = ""
        groups += _node(op, av)
    if run:
        groups.append(frozenset([run]))
    return groups


def _node(op, av) -> list[frozenset[str]]:
    if op is sre.SUBPATTERN:
        _, add_flags, _, sub = av
        return [] if add_flags & sre.SRE_FLAG_IGNORECASE else _sequence(sub.data)
    if op is _ATOMIC_GROUP:
        return _sequence(av.data)
    if op in _REPEATS:
        low, _, sub = av
        return _sequence(sub.data) if low >= 1 else []
    if op is sre.BRANCH:
        return _branch(av[1])
    if op is sre.IN:
        return _char_set(av)
    return []    # lookarounds, anchors, any character, categories, back-references: no text required


def _branch(alternatives) -> list[frozenset[str]]:
    """The groups every alternative requires (、 in 甲市、乙市|省甲市、乙市), and one group: for each
    alternative, the strings of its most telling group."""
    sequences = [_sequence(alternative.data) for alternative in alternatives]
    if not all(sequences):
        return []
    common = [g for g in dict.fromkeys(sequences[0]) if all(g in groups for groups in sequences[1:])]
    strings: set[str] = set()
    for groups in sequences:
        strings |= min(groups, key=lambda g: (len(g), -min(map(len, g))))
        if len(strings) > MAX_ALTERNATIVES:
            return common
    return common + [frozenset(strings)]


def _char_set(items) -> list[frozenset[str]]:
    chars: set[str] = set()
    for op, av in items:
        if op is sre.LITERAL and chr(av) != _STUB:
            chars.add(chr(av))
        elif op is sre.RANGE and av[1] - av[0] < MAX_ALTERNATIVES:
            chars.update(map(chr, range(av[0], av[1] + 1)))
        else:
            return []        # a negated set, a category, a wide range
    return [frozenset(chars)] if chars and len(chars) <= MAX_ALTERNATIVES else []


# --- stretches a match holds as written ----------------------------------------------

_CATEGORIES = {getattr(sre, "CATEGORY_" + name): code for name, code in (
    ("DIGIT", r"\d"), ("NOT_DIGIT", r"\D"), ("SPACE", r"\s"), ("NOT_SPACE", r"\S"),
    ("WORD", r"\w"), ("NOT_WORD", r"\W"))}
_ZERO_WIDTH = (sre.ASSERT, sre.ASSERT_NOT, sre.AT)


def _runs(items) -> list[str]:
    """Regexes of the stretches of a sequence that hold a character set or a count: literals, sets
    and repeats of one of them, side by side (groups without flags are opened; lookarounds and
    anchors are left out, which only makes the stretch easier to find). A stretch of plain
    characters alone is no run: the groups already hold it.

    Only whether a stretch is found matters, so a repeat at either end is written at its least
    count (X{1,30}： stands somewhere exactly where X： does; searched as written, it read up to 30
    characters at every position of a text without one), and a stretch opening with a negated set
    opens with the item after it, the set looked back at (`re` scans for a first character only
    when it knows the characters)."""
    runs, run, plain = [], [], True

    def close():
        nonlocal run, plain
        if len(run) > 1 and not plain:
            runs.append(_run_text(run))
        run, plain = [], True

    for op, av in _opened(items):
        piece = _piece(op, av)
        if piece is not None:
            run.append(piece)
            plain = plain and op is sre.LITERAL
        elif op not in _ZERO_WIDTH:
            close()
    close()
    return runs


def _run_text(pieces: list[tuple[str, int, int]]) -> str:
    """The regex of a stretch of (one character item, least count, most count) pieces, its end
    repeats at their least count (see `_runs`)."""
    (first, low, _), (last, last_low, _) = pieces[0], pieces[-1]
    pieces = [(first, low, low)] + pieces[1:-1] + [(last, last_low, last_low)]
    texts = [_counted(*piece) for piece in pieces]
    second = pieces[1]
    if first.startswith("[^") and second[1:] == (1, 1) and not second[0].startswith("[^"):
        return texts[1] + "(?<=" + texts[0] + texts[1] + ")" + "".join(texts[2:])
    return "".join(texts)


def _counted(one: str, low: int, high: int) -> str:
    if low == high:
        return one if low == 1 else "%s{%d}" % (one, low)
    return one + ("{%d,}" % low if high == sre.MAXREPEAT else "{%d,%d}" % (low, high))


def _opened(items):
    """The nodes of a sequence with its plain groups (no flags) opened in place."""
    for op, av in items:
        if op is sre.SUBPATTERN and not av[1] and not av[2]:
            yield from _opened(av[3].data)
        else:
            yield op, av


def _piece(op, av) -> tuple[str, int, int] | None:
    """A literal or a set as (its regex text, 1, 1), a repeat of one (at least once) as (the item's
    text, least, most); None for anything else."""
    if op is sre.LITERAL:
        return None if chr(av) == _STUB else (re.escape(chr(av)), 1, 1)
    if op is sre.IN:
        text = _set_text(av)
        return None if text is None else (text, 1, 1)
    if op in (sre.MAX_REPEAT, sre.MIN_REPEAT) and av[0] >= 1 and len(av[2].data) == 1:
        item = av[2].data[0]
        body = _piece(*item) if item[0] in (sre.LITERAL, sre.IN) else None
        return None if body is None else (body[0], av[0], av[1])
    return None


def _set_text(items) -> str | None:
    parts = []
    for op, av in items:
        if op is sre.NEGATE:
            parts.append("^")
        elif op is sre.LITERAL:
            if chr(av) == _STUB:
                return None
            parts.append(re.escape(chr(av)))
        elif op is sre.RANGE:
            parts.append(re.escape(chr(av[0])) + "-" + re.escape(chr(av[1])))
        elif op is sre.CATEGORY and av in _CATEGORIES:
            parts.append(_CATEGORIES[av])
        else:
            return None
    return "[" + "".join(parts) + "]"


# --- rules that start with one part ------------------------------------------------

# Stands for the part a rule starts with, when its first characters are read (another private-use character).
START_MARK = "\ue001"


def never_empty(regex: str) -> bool:
    """True when no match of `regex` is empty."""
    return remembered("never_empty", (regex,), lambda: _never_empty(regex), __file__)


def _never_empty(regex: str) -> bool:
    try:
        return sre_parse.parse(regex).getwidth()[0] > 0
    except Exception:
        return False


def matches_from(regex: re.Pattern, text: str, starts, end: int):
    """The matches `regex.finditer(text, pos, end)` yields, for a regex whose every match (never
    empty) starts at one of `starts` (ascending positions, at or after pos): each is tried in turn,
    and one inside a match already found is passed over, as finditer passes over it."""
    taken_to = -1
    for start in starts:
        if start >= taken_to:
            m = regex.match(text, start, end)
            if m is not None:
                taken_to = m.end()
                yield m
