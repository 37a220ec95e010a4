"""The Doc's tokens: jieba's words, cut by jieba-rs, made into a spaCy Doc from their offsets.

Segmenting is the largest single cost of an article, and jieba's DAG search is pure Python.
`rjieba` (jieba-rs, same dictionary and the same DAG + HMM algorithm, compiled) cuts the
same words much faster, with two known differences from jieba, both handled here so the
tokens stay jieba's own (tests/nlp/test_tokenizer.py compares the two on random and real text):

* a run of ASCII letters, digits and `-._%+#&` that is not a dictionary word: jieba splits
  it at every non-alphanumeric (`2017-2018` -> `2017` `-` `2018`, `2.3Gbps` -> `2.3` `Gbps`);
  jieba-rs keeps it whole. We split such runs as jieba does.
* jieba-rs counts more code points as Chinese (CJK extension A, U+9FD6-U+9FFF, compatibility
  ideographs, the supplementary planes) than jieba (U+4E00-U+9FD5), which cuts them off as
  single characters. A text containing one is cut block by block, jieba's way.

Without rjieba, or when the user dictionary asks for a forced split (frequency 0, which only
jieba implements), jieba itself cuts.

spaCy's ChineseTokenizer would take the words and search for each one again in the rest of
the text (`util.get_words_and_spaces`, quadratic in the article's length); the words are the
text cut into consecutive pieces, so where each starts is known by adding up lengths.
"""
from __future__ import annotations

import logging
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from itertools import accumulate
from typing import Protocol

from spacy import util
from spacy.tokens import Doc

from pipeline.speedups.regex_cache import compile_regex


@dataclass(frozen=True)
class DictWord:
    """A word the segmenter must keep whole (rules/userdict.txt, entity phrases)."""
    word: str
    freq: int | None = None
    tag: str | None = None


class Segmenter(Protocol):
    def cut(self, text: str) -> list[str]: ...


# jieba's own block expressions (jieba/__init__.py and jieba/finalseg/__init__.py)
_JIEBA_BLOCK = compile_regex(r"([\u4E00-\u9FD5a-zA-Z0-9+#&\._%\-]+)")
_JIEBA_SKIP = compile_regex(r"(\r\n|\s)")
_JIEBA_ALNUM = compile_regex(r"([a-zA-Z0-9]+(?:\.\d+)?%?)")
_ASCII_RUN = compile_regex(r"[a-zA-Z0-9+#&._%\-]{2,}")
# Code points jieba-rs reads as Chinese and jieba does not (found by trying every code point).
_RS_ONLY_CHINESE = compile_regex("[\u3400-\u4DBF\u9FD6-\u9FFF\uF900-\uFAFF\U00020000-\U0003FFFF]")


class RustJiebaSegmenter:
    """jieba's cut (HMM on), computed by jieba-rs, corrected to jieba's tokens."""

    def __init__(self, words: list[DictWord]):
        self.rs = _fresh_rjieba()
        for w in words:
            self.rs.add_word(w.word, w.freq, w.tag)

    def cut(self, text: str) -> list[str]:
        if _RS_ONLY_CHINESE.search(text):
            return self._cut_by_blocks(text)
        return self._as_jieba(self.rs.cut(text, True))

    def _as_jieba(self, words: list[str]) -> list[str]:
        out: list[str] = []
        for w in words:
            # (isascii / isalnum first: cheap, and a run of letters and digits alone is never split)
            if w.isascii() and not w.isalnum() and _ASCII_RUN.fullmatch(w) and not self.rs.has_word(w):
                out.extend(x for x in _JIEBA_ALNUM.split(w) if x)
            else:
                out.append(w)
        return out

    def _cut_by_blocks(self, text: str) -> list[str]:
        """jieba's outer loop: Chinese/alphanumeric blocks to the DAG, anything else char by char."""
        out: list[str] = []
        for block in _JIEBA_BLOCK.split(text):
            if not block:
                continue
            if _JIEBA_BLOCK.fullmatch(block):
                out.extend(self._as_jieba(self.rs.cut(block, True)))
            else:
                for piece in _JIEBA_SKIP.split(block):
                    if _JIEBA_SKIP.fullmatch(piece):
                        out.append(piece)
                    else:
                        out.extend(piece)
        return out


_default_rjieba_taken = False


def _fresh_rjieba():
    """A jieba-rs instance with only the default dictionary. Importing rjieba already builds one
    (a start-up cost of every run): the first rule set in a process takes that one,
    later ones build their own, so one rule set's words never reach another's."""
    global _default_rjieba_taken
    import rjieba

    if not _default_rjieba_taken:
        _default_rjieba_taken = True
        return rjieba._DEFAULT_JIEBA
    return rjieba.Jieba()


class PythonJiebaSegmenter:
    """jieba itself: the reference, and the fallback."""

    def __init__(self, words: list[DictWord]):
        import jieba

        jieba.setLogLevel(logging.WARNING)
        self.jieba = jieba.Tokenizer()          # its own dictionary: rule sets do not leak into each other
        for w in words:
            self.jieba.add_word(w.word, w.freq, w.tag)

    def cut(self, text: str) -> list[str]:
        return list(self.jieba.cut(text, cut_all=False, HMM=True))


def build_segmenter(words: list[DictWord], prefer_rust: bool = True) -> Segmenter:
    if prefer_rust and not any(w.freq == 0 for w in words):
        try:
            return RustJiebaSegmenter(words)
        except ImportError:
            pass
    return PythonJiebaSegmenter(words)


# Words whose StringStore hash the tokenizer remembers (about 150 bytes each) before it starts again.
MAX_REMEMBERED_WORDS = 200_000


class JiebaDocTokenizer:
    """Drop-in for spaCy's ChineseTokenizer (jieba segmenter): same Doc, built from offsets."""

    def __init__(self, chinese_tokenizer, segmenter: Segmenter):
        self.wrapped = chinese_tokenizer          # spaCy's, kept for anything else asked of it
        self.vocab = chinese_tokenizer.vocab
        self.segmenter = segmenter
        self._orth_ids: dict[str, int] = {}       # word -> its StringStore hash (interned)

    def __call__(self, text: str) -> Doc:
        pieces = self.segmenter.cut(text)
        if "" in pieces:
            pieces = [w for w in pieces if w]
        words, spaces = words_and_spaces(pieces, text)
        return Doc(self.vocab, words=self.orth_ids(words), spaces=spaces)

    def orth_ids(self, words: list[str]) -> list[str] | list[int]:
        """The words as StringStore hashes, for the Doc to look their lexemes up by: given strings,
        the Doc hashes every word again (a third of the tokenizer's time). Same lexemes, same Doc.
        Inside a memory zone strings are transient (forgotten at its end), so words stay words."""
        if self.vocab.in_memory_zone:
            return words
        known = self._orth_ids
        if len(known) > MAX_REMEMBERED_WORDS:
            known.clear()         # a long run's rare words (names, numbers) are not kept forever
        ids = list(map(known.get, words))
        if None in ids:           # words not met before: interned once
            for word in set(words).difference(known):
                known[word] = self.vocab.strings.add(word)
            ids = list(map(known.__getitem__, words))
        return ids

    def __getattr__(self, name):
        return getattr(self.wrapped, name)


def words_and_spaces(pieces: list[str], text: str) -> tuple[list[str], list[bool]]:
    """What `spacy.util.get_words_and_spaces(pieces, text)` returns, when the pieces are the text
    cut into consecutive parts: whitespace pieces are dropped, a single space after a word
    becomes its trailing space, any other whitespace run becomes a token of its own."""
    if "".join(pieces) != text:          # not a cut of this text: spaCy's own alignment
        return util.get_words_and_spaces(pieces, text)
    groups = _whitespace_groups(pieces, text)
    if groups is None:
        return _words_and_spaces_piece_by_piece(pieces, text)
    # Only the few whitespace runs need handling; the words between them are copied as they are.
    words: list[str] = []
    spaces: list[bool] = []
    copied = 0                            # pieces before this one are in `words`
    for first, last, start, end in groups:
        words += pieces[copied:first]
        spaces += [False] * (first - copied)
        if first and text[start] == " ":  # a single space after a word is the word's trailing space
            spaces[-1] = True
            start += 1
        if start < end:
            words.append(text[start:end])
            spaces.append(False)
        copied = last + 1
    words += pieces[copied:]
    spaces += [False] * (len(pieces) - copied)
    return words, spaces


_WHITESPACE_RUN = compile_regex(r"\s+")      # \s is str.isspace, character by character


def _whitespace_groups(pieces: list[str], text: str) -> list[tuple[int, int, int, int]] | None:
    """(first piece, last piece, start, end) of each run of whitespace in the text, when every run
    is made of whole pieces (so those pieces are exactly the whitespace ones); None otherwise."""
    ends = list(accumulate(map(len, pieces)))       # where each piece ends
    groups = []
    for run in _WHITESPACE_RUN.finditer(text):
        start, end = run.span()
        first, last = bisect_right(ends, start), bisect_left(ends, end)
        if (ends[first - 1] if first else 0) != start or ends[last] != end:
            return None                   # whitespace inside a word piece
        groups.append((first, last, start, end))
    return groups


def _words_and_spaces_piece_by_piece(pieces: list[str], text: str) -> tuple[list[str], list[bool]]:
    """words_and_spaces for any cut of the text (a piece may hold whitespace among other characters)."""
    words: list[str] = []
    spaces: list[bool] = []
    n = len(text)
    pos = 0           # first character not yet in a token
    at = 0            # where the current piece starts
    for piece in pieces:
        start = at
        at += len(piece)
        if piece.isspace():
            continue
        if start > pos:                   # the whitespace between two words
            words.append(text[pos:start])
            spaces.append(False)
        words.append(piece)
        pos = at
        if pos < n and text[pos] == " ":
            spaces.append(True)
            pos += 1
        else:
            spaces.append(False)
    if pos < n:
        words.append(text[pos:])
        spaces.append(False)
    return words, spaces
