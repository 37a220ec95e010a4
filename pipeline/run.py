"""The main job: every page under an input folder -> cleaned article + records -> extracted/.

    discover_inputs (streamed walk)  ->  plan: skip what is unchanged since the last run
      ->  executor (inline | process pool | Dask) runs process_articles on groups of new/changed pages
      ->  store (SQLite in the output folder; each article wholly in or out, commits batched)
      ->  contract files exported from the store (atomic: temporary file, then rename)

`process_articles` (and `process_article`, the same for one page) is THE per-article function
(clean each, then NLP, several articles through nlp.pipe together), whichever executor runs
it; an article's records do not depend on the others in its group. It never raises: a failure
becomes an Article with status=error and the stage it failed at, so one bad page costs only itself.

An article is skipped when its input bytes (page + sidecar) and the rules version
(every rule file's bytes, plus the newsx version) are those it was last processed
with. Any rule change reprocesses everything: a lexicon or fragment edit can change
any rule's matches, so "what a change affects" is every article.
"""
from __future__ import annotations

import hashlib
import json
import logging
import os
import signal
import socket
import time
import traceback as traceback_module
from dataclasses import dataclass, field, replace
from itertools import islice
from pathlib import Path
from typing import Iterator
from urllib.parse import urlsplit

from pipeline import __version__
from pipeline.clean import CleanError, clean_page
from pipeline.clean.profiles import site_profiles
from pipeline.decode import DecodeError
from pipeline.nlp import extract_many
from pipeline.output import write_store_outputs
from pipeline.records import Article, Extraction
from pipeline.rules import RuleSet, load_rules
from pipeline.store import DONE_STATUSES, ArticleTimings, RecordRow, Store, record_rows

log = logging.getLogger(__name__)

INPUT_SUFFIXES = {".html": "html", ".htm": "html", ".txt": "text"}
LOG_NAME = "newsx-run.log"
EXPORT_EVERY_SECONDS = 600     # long runs refresh the contract files this often, not only at the end
SEEN_BATCH = 500
MAX_ERRORS_IN_SUMMARY = 1000   # all failures are in errors.csv; the summary keeps memory bounded


@dataclass
class InputFile:
    path: Path
    article_id: str        # path relative to the input folder, no extension, "/" separators
    kind: str              # html | text
    data: bytes | None = None    # the page bytes, when already read (they travel with the task)
    meta: dict | None = None     # the sidecar, when already read

    @property
    def sidecar(self) -> Path:
        return self.path.with_suffix(".json")


@dataclass
class ArticleResult:
    """What process_article returns: the article, its records, and where/why it failed."""
    article: Article
    extraction: Extraction | None      # None once packed: the records are then in record_rows
    stage: str = ""            # read | clean | nlp | worker; "" when ok
    traceback: str = ""
    timings: ArticleTimings = field(default_factory=ArticleTimings)
    record_rows: list[RecordRow] | None = None
    input_hash: str = ""       # of the bytes processed, when the worker read them (see ArticleTask)

    def packed(self) -> "ArticleResult":
        """The result as an executor hands it back: the records already as the store's rows.
        Serialising them where the article was processed spares the one process that writes
        the store and feeds every worker (and JSON text travels between processes more cheaply
        than dataclasses)."""
        return replace(self, extraction=None, record_rows=record_rows(self.extraction))

    def rows_for_store(self) -> list[RecordRow]:
        return self.record_rows if self.record_rows is not None else record_rows(self.extraction)


@dataclass
class ArticleTask:
    """An input to (re)process, with what the store will remember about it."""
    item: InputFile
    size: int
    mtime_ns: int
    input_hash: str            # "" when the planner did not need to read the input: the worker hashes it


@dataclass
class RunSummary:
    processed: int = 0         # articles run through process_articles this time (failed ones included)
    skipped: int = 0           # unchanged since their last run
    failed: int = 0
    removed: int = 0           # in the store, but their input file is gone
    errors: list[tuple[str, str, str]] = field(default_factory=list)   # (article_id, stage, message), the first 1000
    interrupted: bool = False
    executor: str = ""
    workers: int = 0
    seconds: float = 0.0


# --- inputs -----------------------------------------------------------------

def discover_inputs(input_dir: str | Path) -> Iterator[InputFile]:
    """Every *.html, *.htm, *.txt under the folder, recursively, in a stable order, streamed
    (one directory listing at a time). Hidden files and folders are ignored. When two files
    give the same article_id (a.html and a.txt), the first by suffix order is used."""
    root = Path(input_dir)
    if not root.is_dir():
        raise FileNotFoundError(f"input folder not found: {root}")
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        here = Path(dirpath)
        seen: dict[str, str] = {}
        for name in sorted(filenames, key=lambda n: (os.path.splitext(n)[0], _suffix_rank(n))):
            stem, suffix = os.path.splitext(name)
            kind = INPUT_SUFFIXES.get(suffix.lower())
            if not kind or name.startswith("."):
                continue
            path = here / name
            if stem in seen:
                log.warning("%s: ignored, %s has the same article id", path, seen[stem])
                continue
            seen[stem] = name
            yield InputFile(path=path, article_id=path.relative_to(root).with_suffix("").as_posix(), kind=kind)


def _suffix_rank(name: str) -> int:
    suffix = os.path.splitext(name)[1].lower()
    return list(INPUT_SUFFIXES).index(suffix) if suffix in INPUT_SUFFIXES else len(INPUT_SUFFIXES)


def count_inputs(input_dir: str | Path) -> int:
    """How many inputs a run will see (names only, no stat): the progress bar's total."""
    return sum(1 for _ in discover_inputs(input_dir))


def read_sidecar(item: InputFile) -> dict:
    """Fetch metadata saved by `newsx scrape` beside the page ({} when there is none or it is unreadable)."""
    if item.meta is not None:
        return item.meta
    try:
        data = json.loads(item.sidecar.read_text(encoding="utf-8"))
        return data if isinstance(data, dict) else {}
    except (OSError, ValueError):
        return {}


def site_of(url: str, article_id: str) -> str:
    if url:
        return urlsplit(url).hostname or ""
    first = article_id.split("/", 1)[0]
    return first if "/" in article_id and "." in first else ""


# --- the per-article function -------------------------------------------------

def process_article(item: InputFile, rules: RuleSet) -> ArticleResult:
    """Clean and extract one input file; errors are returned as status=error, never raised."""
    return process_articles([item], rules)[0]


def process_articles(items: list[InputFile], rules: RuleSet) -> list[ArticleResult]:
    """Clean each input file, then extract from their bodies together (nlp.pipe: the model that
    tags names reads the windows of all of them in shared batches, less time per article); the
    records of an article do not depend on the others. Errors are returned per article as
    status=error, never raised: when the extraction of the group fails, each article is processed
    again alone, so the failure is its own."""
    results: list[ArticleResult | None] = [None] * len(items)
    cleaned: list[tuple[int, Article, ArticleTimings, float]] = []
    for i, item in enumerate(items):
        outcome = _cleaned(item, rules)
        if isinstance(outcome, ArticleResult):
            results[i] = outcome
        else:
            cleaned.append((i, *outcome))
    if not cleaned:
        return results
    nlp_started = time.perf_counter()
    try:
        extractions = list(extract_many([(article.body, article.published_at or None) for _, article, _, _ in cleaned],
                                        rules))
    except Exception as e:  # noqa: BLE001  one broken article must not stop the batch
        if len(items) > 1:
            return [process_article(item, rules) for item in items]
        _, article, timings, t0 = cleaned[0]
        return [_failed(article, "nlp", f"{items[0].path}: {type(e).__name__}: {e}", traceback_module.format_exc(),
                        timings, t0)]
    share = (time.perf_counter() - nlp_started) / len(cleaned)     # each article's part of the group's time
    for (i, article, timings, t0), extraction in zip(cleaned, extractions):
        timings.nlp_seconds = share
        timings.seconds = timings.clean_seconds + share
        timings.finished_at = time.time()
        results[i] = ArticleResult(article, extraction, timings=timings)
    return results


def _cleaned(item: InputFile, rules: RuleSet) -> ArticleResult | tuple[Article, ArticleTimings, float]:
    """The article read and cleaned, with its timings and start; or its failure."""
    timings = ArticleTimings(started_at=time.time(), worker=f"{socket.gethostname()}:{os.getpid()}")
    t0 = time.perf_counter()
    meta = read_sidecar(item)
    url = meta.get("final_url") or meta.get("url") or ""
    article = Article(article_id=item.article_id, url=url, site=site_of(url, item.article_id))
    stage = "read"
    try:
        data = item.data if item.data is not None else item.path.read_bytes()
        stage = "clean"
        page = clean_page(data, item.kind, url=url, content_type=meta.get("content_type"),
                          site_profiles=site_profiles(rules))
    except (CleanError, DecodeError, OSError) as e:
        # Expected failures (an empty page, a binary file, an unreadable file): the message says it all.
        return _failed(article, stage, f"{item.path}: {e}", traceback_module.format_exc(), timings, t0)
    except Exception as e:  # noqa: BLE001  one broken article must not stop the batch
        return _failed(article, stage, f"{item.path}: {type(e).__name__}: {e}", traceback_module.format_exc(),
                       timings, t0)
    timings.clean_seconds = time.perf_counter() - t0
    article.title, article.body = page.title, page.body
    article.published_at, article.source, article.author = page.published_at, page.source, page.author
    article.n_chars = len(page.body)
    return article, timings, t0


def _failed(article: Article, stage: str, message: str, tb: str, timings: ArticleTimings, t0: float) -> ArticleResult:
    article.status, article.error = "error", message
    article.body, article.n_chars = "", 0
    timings.seconds = time.perf_counter() - t0
    timings.finished_at = time.time()
    return ArticleResult(article, Extraction(), stage=stage, traceback=tb, timings=timings)


def worker_failure(task: ArticleTask, message: str) -> ArticleResult:
    """The result for an article whose worker died or was lost (the executor's verdict, not the article's)."""
    article = Article(article_id=task.item.article_id, status="error",
                      error=f"{task.item.path}: {message}")
    return ArticleResult(article, Extraction(), stage="worker", traceback=message,
                         timings=ArticleTimings(finished_at=time.time()))


# --- planning: what needs (re)processing ------------------------------------------

def processing_version(rules: RuleSet) -> str:
    """What a stored result depends on besides its input: every rule file, and the code."""
    return f"{rules.version}+{__version__}"


def _input_stat(item: InputFile) -> tuple[int, int]:
    st = item.path.stat()
    size, mtime = st.st_size, st.st_mtime_ns
    try:
        side = item.sidecar.stat()
        size, mtime = size + side.st_size + 1, max(mtime, side.st_mtime_ns)
    except OSError:
        pass
    return size, mtime


def read_input(item: InputFile) -> str:
    """Read the page (and sidecar) into the item; returns the input hash."""
    digest = hashlib.sha256()
    item.data = item.path.read_bytes()
    digest.update(item.data)
    try:
        side = item.sidecar.read_bytes()
    except OSError:
        side = None
    item.meta = {}
    if side is not None:
        digest.update(b"\0sidecar\0" + side)
        try:
            meta = json.loads(side.decode("utf-8"))
            item.meta = meta if isinstance(meta, dict) else {}
        except ValueError:
            pass
    return digest.hexdigest()


class _Planner:
    """Streams the inputs and yields a task for each new or changed one; counts the rest as skipped.

    Unchanged = same size and mtime as stored (no read at all), or else same bytes (read and
    hashed) -- and processed with the same rules and code version, and finished.
    """

    def __init__(self, store: Store, input_dir: Path, version: str, force: bool, run_id: int, on_skip,
                 read_all: bool = False):
        self.store, self.input_dir, self.version = store, input_dir, version
        self.force, self.run_id, self.on_skip = force, run_id, on_skip
        # Read (and hash) every input here, for executors whose workers cannot read our files (Dask);
        # otherwise only those whose bytes decide a skip, and the workers read and hash the rest.
        self.read_all = read_all
        self.walk_complete = False
        self.read_failures: list[ArticleResult] = []
        self._seen: list[str] = []

    def _flush_seen(self) -> None:
        if self._seen:
            self.store.mark_seen(self._seen, self.run_id)
            self._seen = []

    def __iter__(self) -> Iterator[ArticleTask]:
        for item in discover_inputs(self.input_dir):
            self._seen.append(item.article_id)
            if len(self._seen) >= SEEN_BATCH:
                self._flush_seen()
            stored = self.store.state_of(item.article_id)
            # A worker lost (crash, cluster trouble) says nothing about the article: retry it.
            current = (stored is not None and not self.force and stored.rules_version == self.version
                       and stored.status in DONE_STATUSES and stored.stage != "worker")
            try:
                size, mtime = _input_stat(item)
                if current and (size, mtime) == (stored.size, stored.mtime_ns):
                    self.on_skip(item.article_id)
                    continue
                input_hash = read_input(item) if current or self.read_all else ""
            except OSError:
                # Unreadable (permissions, vanished): process_articles reports it, stage "read".
                size, mtime, input_hash = 0, 0, ""
                item.data = None
            if current and input_hash and input_hash == stored.input_hash:
                self.store.refresh_stat(item.article_id, size, mtime)
                self.on_skip(item.article_id)
                continue
            yield ArticleTask(item, size, mtime, input_hash)
        self._flush_seen()
        self.walk_complete = True


# --- the run ------------------------------------------------------------------------

def default_workers() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:
        return max(1, os.cpu_count() or 1)


def run(input_dir: str | Path, out_dir: str | Path, rules: RuleSet | None = None, *,
        workers: int | None = 1, force: bool = False, executor: str = "local",
        scheduler: str | None = None, progress: bool = False, dask_client=None) -> RunSummary:
    """Process every new or changed input under input_dir into the store in out_dir, then write
    the contract files from the store. Ctrl-C / SIGTERM stop the run cleanly: finished articles
    are kept and written, the next run does the rest. `workers=None`: one per core."""
    from pipeline.executors import DaskExecutor, InlineExecutor, PoolExecutor, preload_rules, rules_spec
    from pipeline.progress import Progress

    rules = rules or load_rules()
    site_profiles(rules)   # the cleaner's rule files are checked before any article, like the rest
    input_dir, out_dir = Path(input_dir), Path(out_dir)
    if not input_dir.is_dir():
        raise FileNotFoundError(f"input folder not found: {input_dir}")
    out_dir.mkdir(parents=True, exist_ok=True)
    version = processing_version(rules)
    workers = workers or default_workers()
    summary = RunSummary()
    started = time.monotonic()

    lock = _lock_output(out_dir)
    store = Store(out_dir)
    file_log = _attach_log_file(out_dir / LOG_NAME)
    restore_sigterm = _sigterm_as_interrupt()
    run_id = store.start_run(str(input_dir.resolve()), version, executor, workers)
    bar = Progress(count_inputs(input_dir), enabled=progress)
    planner = _Planner(store, input_dir, version, force, run_id, on_skip=lambda _id: bar.update("skipped"),
                       read_all=executor == "dask")
    pool = None
    preload_rules(rules)   # this process and forked workers use exactly the rules validated above
    try:
        tasks = iter(planner)
        if executor == "dask":
            pool = DaskExecutor(rules_spec(rules, ship_files=True), scheduler, client=dask_client)
        else:
            # A pool costs a second or two per worker to start (each loads the models):
            # not worth it for a handful of changed articles.
            first = list(islice(tasks, 2 * workers))
            tasks = _chain(first, tasks)
            use_pool = workers > 1 and len(first) >= 2 * workers
            pool = PoolExecutor(rules_spec(rules), workers) if use_pool else InlineExecutor(rules_spec(rules))
        summary.executor, summary.workers = pool.name, pool.workers
        run_log.info("run %d: %s -> %s, %s executor, %d worker(s), rules version %s", run_id, input_dir, out_dir,
                     pool.name, pool.workers, version)
        last_export = time.monotonic()
        with store.batched_commits():
            for task, result in pool.results(tasks):
                _save(store, task, result, version, run_id)
                summary.processed += 1
                if result.article.status == "error":
                    summary.failed += 1
                    if len(summary.errors) < MAX_ERRORS_IN_SUMMARY:
                        summary.errors.append((result.article.article_id, result.stage, result.article.error))
                    run_log.error("%s failed at %s: %s\n%s", result.article.article_id, result.stage,
                                  result.article.error, result.traceback.rstrip())
                bar.update("failed" if result.article.status == "error" else "processed")
                if time.monotonic() - last_export > EXPORT_EVERY_SECONDS:
                    store.commit_batch()      # the files show only what a crash would keep
                    write_store_outputs(out_dir, store)
                    last_export = time.monotonic()
        if planner.walk_complete:
            gone = store.mark_removed(run_id)
            summary.removed = len(gone)
            for article_id in gone:
                run_log.warning("%s: input file removed; dropped from the output (kept in the store as removed)",
                            article_id)
    except KeyboardInterrupt:
        summary.interrupted = True
        run_log.warning("run %d interrupted: finished articles are kept, the next run resumes", run_id)
    finally:
        bar.close()
        if pool is not None:
            pool.close(cancel=summary.interrupted)
        summary.skipped = bar.skipped
        store.finish_run(run_id, "interrupted" if summary.interrupted else "finished", summary.processed,
                         summary.skipped, summary.failed, summary.removed)
        run_log.info("run %d %s: %d processed, %d skipped, %d failed, %d removed", run_id,
                     "interrupted" if summary.interrupted else "finished", summary.processed, summary.skipped,
                     summary.failed, summary.removed)
        try:
            # A finished pool leaves its cores idle: two processes write the files.
            write_store_outputs(out_dir, store, processes=min(summary.workers, 2) if summary.executor == "pool" else 1)
        finally:
            store.close()
            restore_sigterm()
            _detach_log_file(file_log)
            _unlock_output(lock)
        summary.seconds = time.monotonic() - started
    return summary


def _chain(first: list, rest: Iterator) -> Iterator:
    yield from first
    yield from rest


def _save(store: Store, task: ArticleTask, result: ArticleResult, version: str, run_id: int) -> None:
    store.save(result.article, result.rows_for_store(), path=str(task.item.path), size=task.size,
               mtime_ns=task.mtime_ns, input_hash=task.input_hash or result.input_hash, rules_version=version,
               stage=result.stage, traceback=result.traceback, timings=result.timings, run_id=run_id)


def _sigterm_as_interrupt():
    """SIGTERM stops the run like Ctrl-C (finished articles kept and written); returns the undo."""
    if not _in_main_thread():
        return lambda: None

    def handler(signum, frame):
        # Once: `timeout`, service managers and shells signal the whole process group, so the
        # same stop can arrive twice; a second one must not break off the orderly stop.
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        raise KeyboardInterrupt(f"signal {signum}")

    previous = signal.signal(signal.SIGTERM, handler)
    return lambda: signal.signal(signal.SIGTERM, previous)


def _in_main_thread() -> bool:
    import threading

    return threading.current_thread() is threading.main_thread()


# The run log (<out>/newsx-run.log): run events and every failure with its traceback. Its own
# logger, not propagated: tracebacks of a thousand broken pages belong in the file, not the terminal.
run_log = logging.getLogger("newsx.runlog")
run_log.propagate = False
run_log.setLevel(logging.INFO)


def _attach_log_file(path: Path) -> logging.Handler:
    handler = logging.FileHandler(path, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s"))
    run_log.addHandler(handler)
    return handler


def _detach_log_file(handler: logging.Handler) -> None:
    run_log.removeHandler(handler)
    handler.close()


class OutputBusy(RuntimeError):
    """Another run is using this output folder."""


def _lock_output(out_dir: Path):
    """One run per output folder at a time (an advisory lock, released when the process dies)."""
    try:
        import fcntl
    except ImportError:      # not on POSIX: no lock
        return None
    f = open(out_dir / ".newsx.lock", "w")
    try:
        fcntl.flock(f, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        f.close()
        raise OutputBusy(f"another newsx run is using {out_dir}") from None
    _held_locks.add(f)
    return f


def _unlock_output(lock) -> None:
    if lock is not None:
        _held_locks.discard(lock)
        lock.close()


# A forked pool worker shares the parent's lock file; if the parent is killed, a worker still
# finishing its article must not keep the folder locked against the next run.
_held_locks: set = set()


def _drop_locks_in_child() -> None:
    for lock in list(_held_locks):
        lock.close()
    _held_locks.clear()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_drop_locks_in_child)
