"""The Doc's tokens: jieba's words, made into a spaCy Doc without re-finding them in the text.

spaCy's ChineseTokenizer (blank("zh") with the jieba segmenter) takes jieba's words and
then searches for each one again in the rest of the text (`util.get_words_and_spaces`,
which slices the remaining text once per word: quadratic in the article's length). jieba's
words are the text cut into consecutive pieces, so where each starts is known by adding
up lengths. This tokenizer builds the same words and spaces from those offsets: same
segmenter (the pipeline's jieba, with the user dictionary), same tokens, less time.
"""
from __future__ import annotations

from spacy import util
from spacy.tokens import Doc


class JiebaDocTokenizer:
    """Drop-in for spaCy's ChineseTokenizer (jieba segmenter): same Doc, built from offsets."""

    def __init__(self, chinese_tokenizer):
        self.wrapped = chinese_tokenizer          # spaCy's, kept for anything else asked of it
        self.vocab = chinese_tokenizer.vocab
        self.jieba_seg = chinese_tokenizer.jieba_seg

    def __call__(self, text: str) -> Doc:
        pieces = [w for w in self.jieba_seg.cut(text, cut_all=False) if w]
        words, spaces = words_and_spaces(pieces, text)
        return Doc(self.vocab, words=words, spaces=spaces)

    def __getattr__(self, name):
        return getattr(self.wrapped, name)


def words_and_spaces(pieces: list[str], text: str) -> tuple[list[str], list[bool]]:
    """What `spacy.util.get_words_and_spaces(pieces, text)` returns, when the pieces are the text
    cut into consecutive parts: whitespace pieces are dropped, a single space after a word
    becomes its trailing space, any other whitespace run becomes a token of its own."""
    if "".join(pieces) != text:          # not a cut of this text: spaCy's own alignment
        return util.get_words_and_spaces(pieces, text)
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
