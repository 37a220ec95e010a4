"""What text a rule's every match contains or starts with, read from its pattern: cheap tests to skip the regex.

`RequiredText.of(regex)` lists groups of strings such that every match
of the rule's regex contains one string of each group: 集群 for …{cluster_word}, one of
（ ( for an apposition, 简称 for a short name. When a text (or a window of it) misses a group, the
regex cannot match there and need not run. The groups are derived from the rule's own pattern
(any user rule gets them too); whatever the analysis cannot see through requires nothing, so a
rule is only ever skipped where it has no match.

The pattern is parsed with its fragments expanded but its large lexicons stubbed out (a stub
requires nothing): parsing the full place-name alternations would cost as much as compiling them.

`first_char_check(regex)` puts a lookahead for the characters a match can start with in front
of a regex whose long alternation Python would otherwise try branch by branch at every position;
`branch_first_char_checks(regex)` does so for each run of a top-level alternation's branches.
"""
from __future__ import annotations

from dataclasses import dataclass

try:                                   # the regex parser and its node kinds (Python 3.11+)
    from re import _constants as sre
    from re import _parser as sre_parse
except ImportError:                    # Python 3.10
    import sre_constants as sre
    import sre_parse

from pipeline.speedups.lexicon_trie import lookahead_for_chars

# A group of more alternatives than this tells little (it is found in most text); it is dropped.
MAX_ALTERNATIVES = 8
# Stands for a large lexicon in the parsed pattern (a private-use character no text holds).
_STUB = "\ue000"
_REPEATS = tuple(getattr(sre, name) for name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT") if hasattr(sre, name))
_ATOMIC_GROUP = getattr(sre, "ATOMIC_GROUP", None)     # (?>…), Python 3.11+
# A set of first characters wider than this (a whole script) makes no useful check.
MAX_FIRST_CHARS = 512


def stub_lexicons(lexicons: dict[str, list[str]]) -> dict[str, list[str]]:
    """The lexicons with each large one replaced by a stub (a stub requires nothing): parsing the
    full place-name alternations would cost as much as compiling them."""
    return {name: words if len(words) <= MAX_ALTERNATIVES else [_STUB] for name, words in lexicons.items()}


@dataclass(frozen=True)
class RequiredText:
    groups: tuple[frozenset[str], ...]     # every match contains one string of each group

    @classmethod
    def of(cls, stubbed_regex: str | None) -> "RequiredText":
        """The required text of a rule's regex, expanded with its large lexicons stubbed out
        (`stub_lexicons`)."""
        if stubbed_regex is None:
            return cls(())
        try:
            parsed = sre_parse.parse(stubbed_regex)
        except Exception:     # the rule's own compile reports bad patterns; here it only requires nothing
            return cls(())
        if parsed.state.flags & sre.SRE_FLAG_IGNORECASE:
            return cls(())
        return cls(tuple(dict.fromkeys(_sequence(parsed.data))))

    def found_in(self, text: str, looked_up: dict[frozenset[str], bool] | None = None) -> bool:
        """False when the text lacks one of the groups: the rule has no match in it.

        `looked_up` remembers, for one text, the groups already searched for: rules share
        groups (年, 月, 19|20…), and each search reads the whole text."""
        if looked_up is None:
            return all(any(s in text for s in group) for group in self.groups)
        for group in self.groups:
            found = looked_up.get(group)
            if found is None:
                found = looked_up[group] = any(s in text for s in group)
            if not found:
                return False
        return True


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
    """One group: for each alternative, the strings of its most telling group."""
    strings: set[str] = set()
    for alternative in alternatives:
        groups = _sequence(alternative.data)
        if not groups:
            return []
        strings |= min(groups, key=lambda g: (len(g), -min(map(len, g))))
        if len(strings) > MAX_ALTERNATIVES:
            return []
    return [frozenset(strings)]


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


# --- the first character of a match ----------------------------------------------

def first_char_check(regex: str) -> str:
    """The regex behind a lookahead for the characters its matches can start with (same matches,
    fewer attempts); the regex itself when they cannot be told or are too many."""
    chars = first_chars(regex)
    if not chars or len(chars) > MAX_FIRST_CHARS:
        return regex
    return lookahead_for_chars(chars) + "(?:" + regex + ")"


def branch_first_char_checks(regex: str) -> str:
    """The regex with a first-character lookahead (`first_char_check`) in front of each run of its
    top-level alternatives whose first characters are known: at a position none of them can start
    at, the run is skipped in one step instead of alternative by alternative. The alternatives keep
    their order (the first that matches at a position wins), and one that may start anywhere (an
    anchor or lookbehind before a wide set, an empty match) stays as it is: the same matches."""
    alternatives = top_level_alternatives(regex)
    if len(alternatives) < 2 or sre_parse.parse(regex).state.flags & ~sre.SRE_FLAG_UNICODE:
        return regex                 # one alternative, or global flags (?x)… that the split would lose
    runs: list[tuple[set[str] | None, list[str]]] = []      # (first characters or None, alternatives)
    for alternative in alternatives:
        try:
            chars = first_chars(alternative)
        except Exception:            # a part that does not parse alone (a back-reference to another)
            chars = None
        if chars and runs and runs[-1][0] is not None and len(runs[-1][0] | chars) <= MAX_FIRST_CHARS:
            runs[-1][0].update(chars)
            runs[-1][1].append(alternative)
        else:
            runs.append((set(chars) if chars and len(chars) <= MAX_FIRST_CHARS else None, [alternative]))
    return "|".join("|".join(run) if chars is None
                    else lookahead_for_chars(chars) + "(?:" + "|".join(run) + ")"
                    for chars, run in runs)


def top_level_alternatives(regex: str) -> list[str]:
    """The regex cut at its `|` outside any group or character set (escapes, sets and comments skipped)."""
    parts, depth, start, i = [], 0, 0, 0
    while i < len(regex):
        c = regex[i]
        if c == "\\":
            i += 2
            continue
        if c == "[":                              # a set: `]` right after `[` or `[^` is a member
            i += 2 if regex.startswith("^", i + 1) else 1
            i += 1 if regex.startswith("]", i) else 0
            while i < len(regex) and regex[i] != "]":
                i += 2 if regex[i] == "\\" else 1
            i += 1
            continue
        if regex.startswith("(?#", i):
            i = regex.find(")", i) + 1 or len(regex)
            continue
        if c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
        elif c == "|" and depth == 0:
            parts.append(regex[start:i])
            start = i + 1
        i += 1
    parts.append(regex[start:])
    return parts


def first_chars(regex: str) -> frozenset[str] | None:
    """Every character a non-empty match can start with; None when unknown or when a match may be empty."""
    parsed = sre_parse.parse(regex)
    if parsed.state.flags & sre.SRE_FLAG_IGNORECASE:
        return None
    chars, nullable = _first_of_sequence(parsed.data)
    return None if chars is None or nullable else frozenset(chars)


def _first_of_sequence(items) -> tuple[set[str] | None, bool]:
    """(first characters, whether the sequence can match the empty string)."""
    chars: set[str] = set()
    for op, av in items:
        first, nullable = _first_of_node(op, av)
        if first is None:
            return None, False
        chars |= first
        if not nullable:
            return chars, False
    return chars, True


def _first_of_node(op, av) -> tuple[set[str] | None, bool]:
    if op is sre.LITERAL:
        return {chr(av)}, False
    if op is sre.IN:
        return _set_chars(av), False
    if op is sre.SUBPATTERN:
        _, add_flags, _, sub = av
        return (None, False) if add_flags & sre.SRE_FLAG_IGNORECASE else _first_of_sequence(sub.data)
    if op is _ATOMIC_GROUP:
        return _first_of_sequence(av.data)
    if op in _REPEATS:
        low, high, sub = av
        first, nullable = _first_of_sequence(sub.data) if high else (set(), True)
        return first, nullable or low == 0
    if op is sre.BRANCH:
        chars, any_nullable = set(), False
        for alternative in av[1]:
            first, nullable = _first_of_sequence(alternative.data)
            if first is None:
                return None, False
            chars |= first
            any_nullable = any_nullable or nullable
        return chars, any_nullable
    if op in (sre.ASSERT, sre.ASSERT_NOT, sre.AT):
        return set(), True       # zero width: the match starts with what follows
    return None, False           # any character, a category, a back-reference…


def _set_chars(items) -> set[str] | None:
    chars: set[str] = set()
    for op, av in items:
        if op is sre.LITERAL:
            chars.add(chr(av))
        elif op is sre.RANGE and av[1] - av[0] < MAX_FIRST_CHARS:
            chars.update(map(chr, range(av[0], av[1] + 1)))
        else:
            return None
    return chars
