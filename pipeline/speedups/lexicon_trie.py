"""A lexicon as a prefix-tree regex: the same matches as the longest-first alternation, faster.

Python's `re` tries the branches of an alternation one by one at every position, so a
lexicon of 1,800 county names costs 1,800 checks per character of text. Sharing prefixes
(北京|北海 -> 北(?:京|海)) makes that a few checks.

Same matches, same backtracking order: at one position the words that match form a chain
of prefixes of each other (北京市, 北京), and the longest-first alternation tries them
longest to shortest; the tree tries a longer continuation before stopping, so it tries
them in the same order. Words with cased letters keep the plain alternation: under a
case-insensitive flag two of them could match at one position without being prefixes of
each other, and then the order of the branches would decide.
"""
from __future__ import annotations

import re

_END = ""      # key marking "a word ends here" (no word character is the empty string)
# A node with more branches than this starts with a lookahead for their first characters: `re`
# checks the branches one after the other (a county name's first character is one of 600), a
# character set in one step, so the text that starts no word is passed over at once.
MAX_BRANCHES_UNCHECKED = 16


def lookahead_for_chars(chars) -> str:
    """A lookahead for one of `chars` (a match must start with one of them): one set test."""
    return "(?=[" + "".join(re.escape(ch) for ch in sorted(chars)) + "])"


def _first_char_check(node: dict) -> str:
    return lookahead_for_chars(k for k in node if k != _END)


def longest_first_alternation(words: list[str]) -> str:
    """`(?:w1|w2|...)`, the longest word first (so 万亿 wins over 万): what a lexicon means."""
    return "(?:" + "|".join(re.escape(w) for w in sorted(set(words), key=lambda w: (-len(w), w))) + ")"


def trie_alternation(words: list[str]) -> str:
    """`(?:...)` matching exactly what `longest_first_alternation(words)` matches."""
    words = sorted(set(words))
    if any(w.lower() != w.upper() for w in words):
        return longest_first_alternation(words)
    if not words:
        return "(?:)"          # the empty alternation, as "|".join([]) gives
    root: dict = {}
    for word in words:
        node = root
        for ch in word:
            node = node.setdefault(ch, {})
        node[_END] = {}
    return "(?:" + _node_regex(root) + ")"


def _node_regex(node: dict) -> str:
    """The continuations of a node: longer ones first, then (if a word ends here) nothing."""
    branches = []
    for ch in sorted(k for k in node if k != _END):
        child = node[ch]
        # Follow a chain of single continuations without groups (中华人民 -> one literal).
        literal = re.escape(ch)
        while len(child) == 1 and _END not in child:
            (nxt, child), = child.items()
            literal += re.escape(nxt)
        rest = _node_regex(child) if child else ""
        branches.append(literal + rest)
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if len(branches) > MAX_BRANCHES_UNCHECKED:
        body = _first_char_check(node) + body
    return "(?:" + body + ")?" if _END in node else body
