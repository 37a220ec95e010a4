"""The main job: every page under an input folder -> cleaned article + records -> extracted/.

    discover_inputs (streamed walk)  ->  plan: skip what is unchanged since the last run
      ->  executor (inline | process pool | Dask) runs process_articles on groups of new/changed pages
      ->  store (SQLite in the output folder; each article wholly in or out, commits batched)
      ->  contract files exported from the store (atomic: temporary file, then rename)

The per-article function is `pipeline.batch.process.process_articles`; what is skipped is
decided by `pipeline.batch.planner`.
"""
from __future__ import annotations

import logging
import os
import signal
import sqlite3
import time
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import Iterator

from pipeline.batch.budget import DEFAULT_ARTICLE_TIMEOUT
from pipeline.batch.executors import (
    DaskExecutor,
    InlineExecutor,
    PoolExecutor,
    load_then_freeze,
    preload_rules,
    rules_spec,
)
from pipeline.batch.inputs import DEFAULT_MAX_INPUT_MB, count_inputs
from pipeline.batch.output import files_current, remember_files, remove_stale_temporaries, write_store_outputs
from pipeline.batch.planner import Planner, processing_version
from pipeline.batch.process import ArticleResult, ArticleTask
from pipeline.batch.progress import Progress
from pipeline.batch.store import FOLDER_STAGE, STORE_NAME, ArticleTimings, Store, StoreDamaged, damaged
from pipeline.extractors import check_rules, load_rules
from pipeline.records import Article
from pipeline.rules import RuleSet

LOG_NAME = "newsx-run.log"
EXPORT_EVERY_SECONDS = 600     # long runs refresh the contract files this often, not only at the end
MAX_ERRORS_IN_SUMMARY = 1000   # all failures are in errors.csv; the summary keeps memory bounded


@dataclass
class RunSummary:
    processed: int = 0         # articles run through process_articles this time (failed ones included)
    skipped: int = 0           # unchanged since their last run
    failed: int = 0            # failed this run
    failed_total: int = 0      # error rows in the output (errors.csv), this run's and earlier ones
    removed: int = 0           # in the store, but their input file is gone
    not_pruned: int = 0        # inputs gone, but more than half of the output: kept until --prune
    unreadable_folders: int = 0
    replaced_rules: list[tuple[str, str]] = field(default_factory=list)   # (built-in rule id, where yours is)
    errors: list[tuple[str, str, str]] = field(default_factory=list)   # (article_id, stage, message), the first 1000
    interrupted: bool = False
    executor: str = ""
    workers: int = 0
    seconds: float = 0.0


# --- the run ---------------------------------------------------------------------

def default_workers() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:
        return max(1, os.cpu_count() or 1)


class OutputUnwritable(OSError):
    """The output folder cannot be written (read-only, permissions)."""


class RunRules:
    """The rules of a run, checked only when an article needs them.

    Which articles are current is decided by the rules version: the rule files are parsed and
    validated (cheap: no spaCy), but each extractor is built from them (the kinds' `check`,
    which imports spaCy and builds its matchers) only when the first article to process comes:
    a bad rule stops the run there, before any article is processed."""

    def __init__(self, rules: RuleSet | None, extra_dirs: list | None):
        self.rules = rules if rules is not None else load_rules(extra_dirs, checked=False)
        self.version = self.rules.version
        self._checked = False

    def loaded(self) -> RuleSet:
        from pipeline.clean.site_profiles import site_profiles

        if not self._checked:
            from pipeline.nlp.spacy_import import import_spacy

            with load_then_freeze():      # loading makes long-lived objects: out of the collector's sight
                import_spacy()            # without its command line, a third of its import
                check_rules(self.rules)
                site_profiles(self.rules)     # the cleaner's rule files too
            self._checked = True
        return self.rules


def run(input_dir: str | Path, out_dir: str | Path, rules: RuleSet | None = None, *,
        rule_dirs: list[str | Path] | None = None, workers: int | None = 1, force: bool = False,
        executor: str = "local", scheduler: str | None = None, progress: bool = False,
        dask_client=None, ship_inputs: bool = False,
        article_timeout: float | None = DEFAULT_ARTICLE_TIMEOUT, max_input_mb: float | None = DEFAULT_MAX_INPUT_MB,
        prune: bool = False, rebuild: bool = False) -> RunSummary:
    """Process every new or changed input under input_dir into the store in out_dir, then write
    the contract files from the store. Ctrl-C / SIGTERM stop the run cleanly: finished articles
    are kept and written, the next run does the rest. `workers=None`: one per core.

    `rules`: a loaded RuleSet; None: the built-in rules layered with NEWSX_RULES and `rule_dirs`.
    Either way the extractors are built from them (spaCy imported, models loaded) only if some
    article is new or changed. `ship_inputs` (Dask): send the
    page bytes with the tasks, for workers that cannot read input_dir.

    `article_timeout`: each article's wall-clock budget (seconds; None: none); `max_input_mb`:
    larger inputs are error rows, never read. Articles whose input file was deleted from
    input_dir leave the output, unless that is more than half of it (an unmounted or emptied
    folder?): then they stay until a run with `prune`. `rebuild`: start the store afresh (a
    damaged one is kept aside); the previous contract files stay until this run has finished."""
    run_rules = RunRules(rules, rule_dirs)
    input_dir, out_dir = Path(input_dir), Path(out_dir)
    if not input_dir.is_dir():
        raise FileNotFoundError(f"input folder not found: {input_dir}")
    if rebuild or not (out_dir / STORE_NAME).exists():
        run_rules.loaded()     # a first run has everything to do: bad rules stop it before it makes a folder
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        lock = _lock_output(out_dir)
    except OSError as e:
        if isinstance(e, OutputBusy):
            raise
        raise OutputUnwritable(f"cannot write to the output folder {out_dir}: {e.strerror or e}") from None
    try:
        store = Store.rebuild(out_dir) if rebuild else Store(out_dir)
    except (StoreDamaged, sqlite3.Error) as e:
        _unlock_output(lock)
        if isinstance(e, sqlite3.OperationalError):
            raise OutputUnwritable(f"cannot write the run state in {out_dir}: {e}") from None
        raise e if isinstance(e, StoreDamaged) else damaged(out_dir / STORE_NAME, e) from None
    try:
        return _run_with_store(input_dir, out_dir, run_rules, store, lock, workers=workers, force=force,
                               executor=executor, scheduler=scheduler, progress=progress, dask_client=dask_client,
                               ship_inputs=ship_inputs, article_timeout=article_timeout, max_input_mb=max_input_mb,
                               prune=prune)
    except sqlite3.DatabaseError as e:
        raise damaged(out_dir / STORE_NAME, e) from None


def _run_with_store(input_dir: Path, out_dir: Path, run_rules: RunRules, store: Store, lock, *, workers, force,
                    executor, scheduler, progress, dask_client, ship_inputs, article_timeout, max_input_mb,
                    prune) -> RunSummary:
    version = processing_version(run_rules.version)
    workers = workers or default_workers()
    summary = RunSummary(executor="none", workers=0)
    started = time.monotonic()
    rebuilding = store.rebuild_pending()
    files_stale = False        # rows left the store without a trace in it (a folder's error row)
    remove_stale_temporaries(out_dir)
    file_log = _attach_log_file(out_dir / LOG_NAME)
    restore_sigterm = _sigterm_as_interrupt()
    run_id = store.start_run(str(input_dir.resolve()), version, executor, workers)
    bar = Progress(count_inputs(input_dir) if progress else 0, enabled=progress)
    max_input_bytes = int(max_input_mb * 1024 * 1024) if max_input_mb else None
    planner = Planner(store, input_dir, version, force, run_id, on_skip=lambda _id: bar.update("skipped"),
                      read_all=executor == "dask" and ship_inputs, max_input_bytes=max_input_bytes)
    pool = None
    outcome = "finished"
    try:
        tasks = iter(planner)
        # A pool's workers each load the models to start: not worth it for a handful of
        # changed articles. No article at all: no rules, no models.
        first = list(islice(tasks, 2 * workers))
        if first:
            rules = run_rules.loaded()
            summary.replaced_rules = list(rules.replaced)
            preload_rules(rules)   # this process and forked workers use exactly the rules validated above
            tasks = _chain(first, tasks)
            if executor == "dask":
                pool = DaskExecutor(rules_spec(rules, ship_files=True, article_timeout=article_timeout), scheduler,
                                    client=dask_client,
                                    ship_inputs=ship_inputs)
            elif workers > 1 and len(first) >= 2 * workers:
                pool = PoolExecutor(rules_spec(rules, article_timeout=article_timeout), workers)
            else:
                pool = InlineExecutor(rules_spec(rules, article_timeout=article_timeout))
            summary.executor, summary.workers = pool.name, pool.workers
            run_log.info("run %d: %s -> %s, %s executor, %d worker(s), rules version %s", run_id, input_dir,
                         out_dir, pool.name, pool.workers, version)
        last_export = time.monotonic()
        with store.batched_commits():
            for task, result in (pool.results(tasks) if pool is not None else ()):
                _save(store, task, result, version, run_id)
                summary.processed += 1
                if result.article.status == "error":
                    summary.failed += 1
                    if len(summary.errors) < MAX_ERRORS_IN_SUMMARY:
                        summary.errors.append((result.article.article_id, result.stage, result.article.error))
                    run_log.error("%s failed at %s: %s\n%s", result.article.article_id, result.stage,
                                  result.article.error, result.traceback.rstrip())
                bar.update("failed" if result.article.status == "error" else "processed")
                if time.monotonic() - last_export > EXPORT_EVERY_SECONDS and not rebuilding:
                    store.commit_batch()      # the files show only what a crash would keep
                    write_store_outputs(out_dir, store, rules=run_rules.rules)
                    last_export = time.monotonic()
        _save_unreadable_folders(store, planner.unreadable_folders, input_dir, version, run_id, summary)
        if planner.walk_complete:
            files_stale = store.drop_stale_folder_errors(run_id) > 0 or files_stale
            gone, live = store.gone_inputs(run_id, input_dir)
            if len(gone) * 2 > live and not prune:
                summary.not_pruned = len(gone)
                run_log.warning("%d of %d articles' input files are gone from %s: kept (rerun with --prune to drop "
                                "them)", len(gone), live, input_dir)
            else:
                store.mark_removed(gone, run_id)
                summary.removed = len(gone)
                for article_id in gone:
                    run_log.warning("%s: input file removed; dropped from the output (kept in the store as removed)",
                                    article_id)
            if rebuilding:
                store.rebuild_finished()
                rebuilding = False
    except KeyboardInterrupt:
        summary.interrupted = True
        run_log.warning("run %d interrupted: finished articles are kept, the next run resumes", run_id)
    except Exception as e:
        outcome = "failed"       # a rule error, the cluster gone: what was saved is kept
        run_log.error("run %d failed: %s: %s", run_id, type(e).__name__, e)
        raise
    finally:
        bar.close()
        if pool is not None:
            pool.close(cancel=summary.interrupted)
        summary.skipped = bar.skipped
        if summary.interrupted:
            outcome = "interrupted"
        store.finish_run(run_id, outcome, summary.processed, summary.skipped, summary.failed, summary.removed)
        run_log.info("run %d %s: %d processed, %d skipped, %d failed, %d removed", run_id, outcome,
                     summary.processed, summary.skipped, summary.failed, summary.removed)
        try:
            summary.failed_total = store.counts().get("error", 0)
            # Nothing stored since the files were last written (and they are as written): leave them;
            # a rebuild not finished leaves the previous files as they are.
            if not rebuilding and (files_stale or not files_current(out_dir, store)):
                # A finished pool leaves its cores idle: two processes write the files. Not after an
                # interrupt: the pool's threads may still be stopping, and a fork then can inherit
                # their locks held (a writer that never starts, a run that never ends).
                pooled = summary.executor == "pool" and not summary.interrupted
                write_store_outputs(out_dir, store, processes=min(summary.workers, 2) if pooled else 1,
                                    rules=run_rules.rules)
                remember_files(out_dir, store, run_id)
        finally:
            store.close()
            restore_sigterm()
            _detach_log_file(file_log)
            _unlock_output(lock)
        summary.seconds = time.monotonic() - started
    return summary


def _save_unreadable_folders(store: Store, errors: list[OSError], input_dir: Path, version: str, run_id: int,
                             summary: RunSummary) -> None:
    """An input folder that could not be listed is an error row of its own (stage `folder`); the
    articles found in it before are kept, as their files may well still be there."""
    for error in errors:
        folder = Path(error.filename or input_dir)
        try:
            folder_id = folder.relative_to(input_dir).as_posix() + "/"
        except ValueError:
            folder_id = folder.as_posix() + "/"
        article = Article(article_id=folder_id, status="error",
                          error=f"{folder}: folder cannot be read ({error.strerror or error}); "
                                "the articles found in it before are kept")
        store.save(article, [], path=os.path.abspath(folder), size=0, mtime_ns=0, input_hash="", rules_version=version,
                   stage=FOLDER_STAGE, traceback="", timings=ArticleTimings(finished_at=time.time()), run_id=run_id)
        summary.unreadable_folders += 1
        if len(summary.errors) < MAX_ERRORS_IN_SUMMARY:
            summary.errors.append((folder_id, FOLDER_STAGE, article.error))
        run_log.error("%s", article.error)


def _chain(first: list, rest: Iterator) -> Iterator:
    yield from first
    yield from rest


def _save(store: Store, task: ArticleTask, result: ArticleResult, version: str, run_id: int) -> None:
    store.save(result.article, result.rows_for_store(), path=os.path.abspath(task.item.path), size=task.size,
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
