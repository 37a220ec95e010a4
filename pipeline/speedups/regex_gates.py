"""What text a rule's every match contains, read from its pattern: a cheap test to skip the regex.

`RequiredText.of(regex)` lists groups of strings such that every match
of the rule's regex contains one string of each group: 集群 for …{cluster_word}, one of
（ ( for an apposition, 简称 for a short name. When a text (or a window of it) misses a group, the
regex cannot match there and need not run. The groups are derived from the rule's own pattern
(any user rule gets them too); whatever the analysis cannot see through requires nothing, so a
rule is only ever skipped where it has no match.

The pattern is parsed with its fragments expanded but its large lexicons stubbed out (a stub
requires nothing): parsing the full place-name alternations would cost as much as compiling them.

(The first characters a match can start with are the pattern compiler's business:
pipeline/speedups/pattern_compiler.py.)
"""
from __future__ import annotations

from dataclasses import dataclass

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
