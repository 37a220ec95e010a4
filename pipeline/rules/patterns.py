"""Rule patterns as analysts write them -> regexes: {name} expands a lexicon or a fragment.

`expand_pattern` gives the pattern as written, every placeholder expanded; `compile_pattern`
compiles it in the fast form the pattern compiler makes (pipeline/speedups/pattern_compiler.py:
same matches), or as written under NEWSX_PLAIN=1.
"""
from __future__ import annotations

import re
from functools import lru_cache

from pipeline import speedups
from pipeline.speedups.lexicon_trie import longest_first_alternation, trie_alternation
from pipeline.speedups.pattern_compiler import fast_form, words_digest
from pipeline.speedups.regex_cache import compile_regex, remembered

_PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")
MAX_FRAGMENT_DEPTH = 10


def lexicon_regex(words: list[str]) -> str:
    """An alternation of the words, longest first so 万亿 wins over 万 (as a prefix tree: same matches, faster)."""
    return _lexicon_regex(tuple(words), speedups.enabled())


@lru_cache(maxsize=1024)
def _lexicon_regex(words: tuple[str, ...], fast: bool) -> str:
    # One lexicon is expanded into many patterns (county names into every place rule): build its tree
    # once, and keep it in the regex cache's file (the 75 lexicons' trees cost a start-up ~0.05 s).
    if not fast:
        return longest_first_alternation(list(words))
    return remembered("trie_alternation", (words_digest(words),), lambda: trie_alternation(list(words)), __file__)


def expand_fragments(pattern: str, lexicons: dict[str, list[str]], fragments: dict[str, str],
                     _depth: int = 0) -> str:
    """Replace each {fragment} by its text in a group (fragments may nest); {lexicon} placeholders stay."""
    if _depth > MAX_FRAGMENT_DEPTH:
        raise ValueError("fragments nest too deep (a cycle?)")

    def sub(m: re.Match) -> str:
        name = m.group(1)
        if name in fragments:
            return "(?:" + expand_fragments(fragments[name], lexicons, fragments, _depth + 1) + ")"
        if name in lexicons:
            return m.group()
        raise ValueError(f"unknown placeholder {{{name}}} (no lexicon or fragment of that name)")

    return _PLACEHOLDER.sub(sub, pattern)


def expand_lexicons(pattern: str, lexicons: dict[str, list[str]]) -> str:
    """Replace each {lexicon} placeholder (left by expand_fragments) by its alternation."""
    return _PLACEHOLDER.sub(lambda m: lexicon_regex(lexicons[m.group(1)]) if m.group(1) in lexicons else m.group(),
                            pattern)


def expand_pattern(pattern: str, lexicons: dict[str, list[str]], fragments: dict[str, str]) -> str:
    """The pattern as written with {name} replaced by its lexicon alternation or fragment."""
    return expand_lexicons(expand_fragments(pattern, lexicons, fragments), lexicons)


def compile_pattern(pattern: str, lexicons: dict[str, list[str]], fragments: dict[str, str],
                    flags: int = 0) -> re.Pattern:
    """The compiled pattern: in its fast form (the same matches), or as written under NEWSX_PLAIN=1.
    Raises re.error or ValueError (an unknown placeholder) for a bad pattern."""
    written = expand_fragments(pattern, lexicons, fragments)
    if speedups.enabled():
        written = fast_form(written, lexicons, flags)
    return compile_regex(expand_lexicons(written, lexicons), flags)
