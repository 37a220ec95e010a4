"""Where the per-article function runs: in this process, a local process pool, or a Dask cluster.

Every executor runs the same function, `pipeline.batch.process.process_articles`, through
`run_tasks` (groups of ARTICLES_PER_CALL articles, in the pool as on Dask), so a record is the
same whichever executor made it. Each takes an iterator of tasks and yields
(task, result) as articles finish, keeping at most a few groups per worker in flight: the
input is streamed, memory stays flat.

Models (spaCy + jieba + the extractors' rules) are loaded once per worker process:
`worker_rules` caches the RuleSet, and `pipeline.extractors.extract.get_nlp` caches the pipeline
built from it.
"""
from __future__ import annotations

import atexit
import gc
import logging
import multiprocessing
import os
import shutil
import signal
import sys
import tempfile
import threading
import time
from collections import deque
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from dataclasses import dataclass, replace
from itertools import islice
from pathlib import Path
from typing import Iterable, Iterator

from pipeline.batch.inputs import read_input
from pipeline.batch.process import process_articles, worker_failure
from pipeline.extractors import load_rules_at
from pipeline.rules import RuleSet

log = logging.getLogger(__name__)

# Articles a local worker processes per call (`run_tasks`): their NLP runs together (nlp.pipe),
# the name model's batches fuller (16 measured better than 8 and as good as 32, also in the pool).
ARTICLES_PER_CALL = 16
# Groups in flight per worker (a pool process, a Dask worker thread): enough to keep every worker
# busy, few enough to bound memory.
GROUPS_IN_FLIGHT_PER_WORKER = 2


@dataclass(frozen=True)
class RulesSpec:
    """How a worker gets the rules: the same directories (same machine), or their files shipped along.

    `bundle`: per layered directory, {relative path: bytes} of every file; a remote worker
    writes them to a temporary directory once and loads from there, so a Dask worker on
    another machine runs exactly the client's rules (checked by version).
    """
    dirs: tuple[str, ...]
    version: str
    bundle: tuple[tuple[tuple[str, bytes], ...], ...] | None = None
    article_timeout: float | None = None     # each article's wall-clock budget in the worker (seconds)


def rules_spec(rules: RuleSet, ship_files: bool = False, article_timeout: float | None = None) -> RulesSpec:
    dirs = tuple(str(d) for d in rules.dirs)
    if not ship_files:
        return RulesSpec(dirs, rules.version, article_timeout=article_timeout)
    bundle = []
    for d in rules.dirs:
        files = []
        if d.is_dir():
            for p in sorted(d.rglob("*")):
                if p.is_file() and not any(part.startswith(".") or part == "__pycache__"
                                           for part in p.relative_to(d).parts):
                    files.append((p.relative_to(d).as_posix(), p.read_bytes()))
        bundle.append(tuple(files))
    return RulesSpec(dirs, rules.version, tuple(bundle), article_timeout)


_worker_rules: dict[str, RuleSet] = {}
_worker_lock = threading.Lock()


def worker_rules(spec: RulesSpec) -> RuleSet:
    """The RuleSet for this spec, loaded once per process (and its NLP pipeline built once)."""
    rules = _worker_rules.get(spec.version)
    if rules is not None:
        return rules
    if spec.bundle is None:
        rules = load_rules_at(spec.dirs)
    else:
        root = Path(tempfile.gettempdir()) / f"newsx-rules-{spec.version}-{os.getpid()}"
        atexit.register(shutil.rmtree, root, ignore_errors=True)
        dirs = []
        for i, files in enumerate(spec.bundle):
            d = root / str(i)
            for rel, data in files:
                target = d / rel
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(data)
            d.mkdir(parents=True, exist_ok=True)
            dirs.append(d)
        rules = load_rules_at(dirs)
    if rules.version != spec.version:
        raise RuntimeError(f"worker rules version {rules.version} differs from the client's {spec.version} "
                           "(rule files changed during the run?)")
    _worker_rules.clear()
    _worker_rules[spec.version] = rules
    return rules


def preload_rules(rules: RuleSet) -> None:
    """Make `rules` the ones `worker_rules` returns for their version in this process (and in
    workers forked from it), instead of re-reading the rule files."""
    _worker_rules.clear()
    _worker_rules[rules.version] = rules


def run_tasks(tasks: list, spec: RulesSpec) -> list:
    """The unit of work of the local executors: a few articles through `process_articles`
    (extracted together), each read and hashed first when the planner left that to the worker."""
    hashes = []
    for task in tasks:
        input_hash = ""
        if not task.input_hash and task.item.data is None:
            try:
                input_hash = read_input(task.item)
            except OSError:
                pass              # process_articles reports the unreadable file (stage "read")
        hashes.append(input_hash)
    # One group at a time per process: the spaCy pipeline and jieba are not made for threads
    # (a Dask worker may run several threads).
    with _worker_lock:
        results = [result.packed() for result in process_articles([t.item for t in tasks], worker_rules(spec),
                                                                  spec.article_timeout)]
    for result, input_hash in zip(results, hashes):
        result.input_hash = input_hash
    return results


# --- executors --------------------------------------------------------------

class InlineExecutor:
    """In this process, one article after another (--workers 1, or too few articles to start a pool)."""
    name = "inline"

    def __init__(self, spec: RulesSpec):
        self.spec = spec
        self.workers = 1

    def results(self, tasks: Iterable) -> Iterator[tuple[object, object]]:
        warmed = False
        tasks = iter(tasks)
        while group := list(islice(tasks, ARTICLES_PER_CALL)):
            if not warmed:
                warm_up(self.spec)
                warmed = True
            yield from zip(group, run_tasks(group, self.spec))

    def close(self, cancel: bool = False) -> None:
        pass


def _pool_context():
    """fork on Linux: a worker starts with the parent's imports and loaded rules (a second saved
    per worker, which matters for short daily runs) and then builds its own NLP pipeline.
    Elsewhere spawn (macOS and Windows cannot fork safely)."""
    return multiprocessing.get_context("fork" if sys.platform.startswith("linux") else "spawn")


def _init_pool_worker(spec: RulesSpec) -> None:
    # Ctrl-C reaches the whole process group; the parent decides how to stop, workers just get terminated.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)   # not the parent's "stop cleanly" handler
    _exit_with_parent()
    warm_up(spec)


def _exit_with_parent() -> None:
    """A worker outlives a killed parent otherwise (forked siblings keep the task pipe open, so
    it never sees EOF): watch the parent and leave when it is gone."""
    parent = os.getppid()

    def watch():
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(1)

    threading.Thread(target=watch, name="newsx-parent-watch", daemon=True).start()


def warm_up(spec: RulesSpec) -> None:
    """Build the spaCy/jieba pipeline and load the LAC model now, once per process, rather than
    inside the first article; what was loaded is then out of the garbage collector's sight
    (`load_then_freeze`)."""
    from pipeline.nlp.spacy_import import import_spacy

    with load_then_freeze():
        import_spacy()                    # a Dask worker's first: without spaCy's command line
        from pipeline.extractors.extract import get_nlp
        from pipeline.nlp.ner import lac_tagger

        get_nlp(worker_rules(spec))
        lac_tagger()


@contextmanager
def load_then_freeze():
    """Load (imports, rules, models) with no automatic garbage collection, then gc.freeze: what is
    alive is out of the collector's sight from then on.

    Loading makes hundreds of thousands of long-lived objects and next to no garbage, yet the
    collector would walk them again and again while they are made; frozen, they are never scanned
    again (full collections would otherwise walk them throughout a worker's life), and a forked
    worker's copy-on-write pages stay shared. Garbage made before the block is collected first,
    not frozen along; the block's own (cycles) is frozen with the rest, as collecting it would
    cost more than it frees."""
    was_enabled = gc.isenabled()
    gc.collect()
    gc.disable()
    try:
        yield
        gc.freeze()
    finally:
        if was_enabled:
            gc.enable()


class PoolExecutor:
    """A local pool of worker processes (each builds the NLP pipeline once, in parallel).

    A worker that dies (segfault, OOM kill) breaks the pool: the pool is restarted, and the
    articles that were in flight are retried one at a time, so the one that kills its worker
    is found and recorded as failed (stage "worker") while the others complete.
    """
    name = "pool"

    def __init__(self, spec: RulesSpec, workers: int):
        self.spec, self.workers = spec, workers
        self.pool: ProcessPoolExecutor | None = None

    def _start(self) -> ProcessPoolExecutor:
        if self.pool is None:
            if _pool_context().get_start_method() == "fork":
                # Load the models once here: forked workers inherit them (shared copy-on-write
                # pages) instead of each spending seconds on its own warm-up.
                warm_up(self.spec)
            self.pool = ProcessPoolExecutor(max_workers=self.workers, mp_context=_pool_context(),
                                            initializer=_init_pool_worker, initargs=(self.spec,))
        return self.pool

    def _restart(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=False, cancel_futures=True)
            self.pool = None

    def _submit(self, group: list):
        """Submit to a working pool: a worker may have died since the last results came in."""
        group = [_without_bytes(task) for task in group]
        try:
            return self._start().submit(run_tasks, group, self.spec)
        except BrokenProcessPool:
            self._restart()
            return self._start().submit(run_tasks, group, self.spec)

    def results(self, tasks: Iterable) -> Iterator[tuple[object, object]]:
        tasks = iter(tasks)
        limit = self.workers * GROUPS_IN_FLIGHT_PER_WORKER
        inflight: dict = {}            # future -> (its group of tasks, whether it is a suspect alone)
        suspects: deque = deque()      # tasks in flight when a worker died: retried one at a time
        exhausted = False
        while True:
            if suspects:
                if not inflight:
                    task = suspects.popleft()
                    inflight[self._submit([task])] = ([task], True)
            else:
                while not exhausted and len(inflight) < limit:
                    group = list(islice(tasks, ARTICLES_PER_CALL))
                    if not group:
                        exhausted = True
                        break
                    inflight[self._submit(group)] = (group, False)
            if not inflight:
                return
            done, _ = wait(inflight, return_when=FIRST_COMPLETED)
            broken = []
            for future in done:
                group, alone = inflight.pop(future)
                try:
                    yield from zip(group, future.result())
                except BrokenProcessPool:
                    if alone:
                        yield group[0], worker_failure(group[0],
                                                       "the worker process died while processing this article")
                        self._restart()    # the dead worker broke the pool for the next suspect
                    else:
                        broken += group
            if broken:
                # Every other in-flight future is broken too: collect them all, then restart.
                for future, (group, _alone) in list(inflight.items()):
                    try:
                        yield from zip(group, future.result())
                    except BrokenProcessPool:
                        broken += group
                inflight.clear()
                log.warning("a worker process died; retrying %d article(s) one at a time", len(broken))
                suspects.extend(broken)
                self._restart()

    def close(self, cancel: bool = False) -> None:
        if self.pool is None:
            return
        if cancel:
            # Interrupted: stop now. Unfinished articles are simply not in the store; the next run does them.
            for proc in list(getattr(self.pool, "_processes", {}).values()):
                proc.terminate()
            self.pool.shutdown(wait=False, cancel_futures=True)
        else:
            self.pool.shutdown(wait=True)
        self.pool = None


def _without_bytes(task):
    """A local worker reads the page itself (when the planner read it to compare hashes, from the
    page cache) rather than receiving it through a pipe: less work for the parent, which is the bottleneck
    feeding several workers."""
    if task.item.data is None:
        return task
    return replace(task, item=replace(task.item, data=None))


class DaskExecutor:
    """A Dask distributed cluster (`--executor dask --scheduler tcp://host:8786`).

    The work goes as tasks of ARTICLES_PER_CALL articles (`run_tasks`, as in the local pool),
    a few per worker thread in flight; results come back as packed batches (records already
    as the store's JSON rows) and are written by this process as they arrive, while the
    workers go on. Workers read the pages themselves from the input folder, by absolute
    path, when they share the filesystem (the default); `ship_inputs` sends the bytes with
    the tasks instead. The rule files are shipped once (scattered to every worker), and a
    worker plugin (`dask_plugin.ModelsPlugin`) loads the rules and models once per worker
    process, before its first task.

    A worker lost mid-task is handled by Dask (its tasks are rescheduled on the others, so
    each article still comes back once); a group whose task keeps killing workers is retried
    one article at a time, and the article that kills them fails alone with stage "worker".
    """
    name = "dask"

    def __init__(self, spec: RulesSpec, scheduler: str | None = None, client=None, ship_inputs: bool = False):
        from dask.distributed import Client

        from pipeline.batch.dask_plugin import ModelsPlugin

        self.client = client or Client(scheduler)
        self.own_client = client is None
        self.spec, self.ship_inputs = spec, ship_inputs
        self.workers = max(1, sum(self.client.nthreads().values()))
        self.spec_future = self.client.scatter(spec, broadcast=True)
        self.client.register_plugin(ModelsPlugin(spec, warm_up))

    def _sent(self, task):
        """The task as a worker gets it: the page by absolute path (its working folder is not
        ours), without its bytes unless they are shipped."""
        item = task.item
        if not self.ship_inputs:
            item = replace(item, data=None)
        if not item.path.is_absolute():
            item = replace(item, path=item.path.absolute())
        return task if item is task.item else replace(task, item=item)

    def results(self, tasks: Iterable) -> Iterator[tuple[object, object]]:
        from dask.distributed import as_completed

        tasks = iter(tasks)
        limit = max(2, self.workers * GROUPS_IN_FLIGHT_PER_WORKER)
        pending: dict = {}            # future key -> (its group of tasks, whether it is a suspect alone)
        suspects: deque = deque()     # the tasks of a group that kept killing workers: retried one by one
        completed = as_completed()
        exhausted = False

        def submit(group: list, alone: bool) -> None:
            future = self.client.submit(run_tasks, [self._sent(t) for t in group], self.spec_future, pure=False,
                                        key=f"newsx-{group[0].item.article_id}-{os.urandom(4).hex()}")
            pending[future.key] = (group, alone)
            completed.add(future)

        def submit_more() -> None:
            nonlocal exhausted
            while suspects and len(pending) < limit:
                submit([suspects.popleft()], True)
            while not exhausted and len(pending) < limit:
                group = list(islice(tasks, ARTICLES_PER_CALL))
                if not group:
                    exhausted = True
                    return
                submit(group, False)

        submit_more()
        for future in completed:
            entry = pending.pop(future.key, None)
            if entry is None:
                continue              # already handled (a future reported twice)
            group, alone = entry
            try:
                results = future.result()
            except Exception as e:  # noqa: BLE001  KilledWorker, a lost connection: those articles fail, the run goes on
                if alone or len(group) == 1:
                    results = [worker_failure(group[0], f"{type(e).__name__}: {e}")]
                else:
                    log.warning("a Dask task of %d articles failed (%s: %s); retrying them one at a time",
                                len(group), type(e).__name__, e)
                    suspects.extend(group)
                    results = []
                    group = []
            finally:
                future.release()
            yield from zip(group, results)
            submit_more()

    def close(self, cancel: bool = False) -> None:
        if self.own_client:
            self.client.close()
