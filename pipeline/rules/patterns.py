"""Rule patterns as analysts write them -> regex text: {name} expands a lexicon or a fragment."""
from __future__ import annotations

import re
from functools import lru_cache

from pipeline.speedups.lexicon_trie import trie_alternation

_PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")


def lexicon_regex(words: list[str]) -> str:
    """An alternation of the words, longest first so 万亿 wins over 万 (as a prefix tree: same matches, faster)."""
    return _lexicon_regex(tuple(words))


@lru_cache(maxsize=1024)
def _lexicon_regex(words: tuple[str, ...]) -> str:
    # One lexicon is expanded into many patterns (county names into every place rule): build its tree once.
    return trie_alternation(list(words))


def expand_pattern(pattern: str, lexicons: dict[str, list[str]], fragments: dict[str, str],
                   _depth: int = 0) -> str:
    """Replace {name} by its lexicon alternation or fragment (fragments may nest)."""
    if _depth > 10:
        raise ValueError("fragments nest too deep (a cycle?)")

    def sub(m: re.Match) -> str:
        name = m.group(1)
        if name in fragments:
            return "(?:" + expand_pattern(fragments[name], lexicons, fragments, _depth + 1) + ")"
        if name in lexicons:
            return lexicon_regex(lexicons[name])
        raise ValueError(f"unknown placeholder {{{name}}} (no lexicon or fragment of that name)")

    return _PLACEHOLDER.sub(sub, pattern)
