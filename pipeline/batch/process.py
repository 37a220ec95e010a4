"""THE per-article function: one input file -> cleaned article + records, whichever executor runs it.

`process_articles` (and `process_article`, the same for one page) cleans each page, then runs
their bodies through the NLP pipeline together (nlp.pipe); an article's records do not depend
on the others in its group. It never raises: a failure becomes an Article with status=error and
the stage it failed at, so one bad page costs only itself.
"""
from __future__ import annotations

import os
import socket
import time
import traceback as traceback_module
from dataclasses import dataclass, field, replace

from pipeline.batch.budget import ArticleTimeout, time_limit
from pipeline.batch.inputs import InputFile, read_page_bytes, read_sidecar, site_of
from pipeline.batch.store import ArticleTimings, RecordRow, record_rows
from pipeline.records import Article, Extraction
from pipeline.rules import RuleSet

# The cleaner (lxml) and the NLP stage (spaCy, the models) are imported by the functions that
# use them: a run that finds nothing new imports this module and never pays for them.


@dataclass
class ArticleResult:
    """What process_article returns: the article, its records, and where/why it failed."""
    article: Article
    extraction: Extraction | None      # None once packed: the records are then in record_rows
    stage: str = ""            # folder | read | clean | nlp | timeout | worker; "" when ok
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


def process_article(item: InputFile, rules: RuleSet, timeout: float | None = None) -> ArticleResult:
    """Clean and extract one input file; errors are returned as status=error, never raised."""
    return process_articles([item], rules, timeout)[0]


def process_articles(items: list[InputFile], rules: RuleSet, timeout: float | None = None) -> list[ArticleResult]:
    """Clean each input file, then extract from their bodies together (nlp.pipe: the model that
    tags names reads the windows of all of them in shared batches, less time per article); the
    records of an article do not depend on the others. Errors are returned per article as
    status=error, never raised: when the extraction of the group fails, each article is processed
    again alone, so the failure is its own.

    `timeout`: each article's wall-clock budget in seconds (None: none). Cleaning has it per
    article; the group's extraction has one article's budget, and when that runs out each
    article is extracted again alone within what is left of its own, so only the one that
    overruns is an error row (stage `timeout`)."""
    results: list[ArticleResult | None] = [None] * len(items)
    cleaned: list[tuple[int, Article, ArticleTimings, float]] = []
    for i, item in enumerate(items):
        outcome = _cleaned(item, rules, timeout)
        if isinstance(outcome, ArticleResult):
            results[i] = outcome
        else:
            cleaned.append((i, *outcome))
    if not cleaned:
        return results
    from pipeline.extractors.extract import extract_many

    nlp_started = time.perf_counter()
    try:
        with time_limit(timeout if len(cleaned) > 1 else _left(timeout, cleaned[0][2])):
            extractions = list(extract_many([(article.body, article.published_at or None, article.title or None)
                                             for _, article, _, _ in cleaned], rules))
    except Exception as e:  # noqa: BLE001  one broken article must not stop the batch
        if len(cleaned) > 1:     # the group failed: each article alone, so only the culprit fails
            for i, article, timings, t0 in cleaned:
                results[i] = _extracted_alone(items[i], article, timings, t0, rules, timeout)
            return results
        i, article, timings, t0 = cleaned[0]
        stage, why = (("timeout", _over_budget("extraction", timeout)) if isinstance(e, ArticleTimeout)
                      else ("nlp", f"{type(e).__name__}: {e}"))
        results[i] = _failed(article, stage, f"{items[i].path}: {why}", traceback_module.format_exc(), timings, t0)
        return results
    share = (time.perf_counter() - nlp_started) / len(cleaned)     # each article's part of the group's time
    for (i, article, timings, _t0), extraction in zip(cleaned, extractions):
        timings.nlp_seconds = share
        timings.seconds = timings.clean_seconds + share
        timings.finished_at = time.time()
        results[i] = ArticleResult(article, extraction, timings=timings)
    return results


def _over_budget(what: str, timeout: float | None) -> str:
    return f"{what} stopped: over the {timeout:g} s budget per article (--article-timeout)"


def _left(timeout: float | None, timings: ArticleTimings) -> float | None:
    """What is left of an article's budget after its cleaning (at least a little: the clock is coarse)."""
    return None if not timeout else max(timeout - timings.clean_seconds, 0.01)


def _extracted_alone(item: InputFile, article: Article, timings: ArticleTimings, t0: float, rules: RuleSet,
                     timeout: float | None) -> ArticleResult:
    """One cleaned article's records, extracted on its own (its group's extraction failed or overran)."""
    from pipeline.extractors.extract import extract_many

    started = time.perf_counter()
    stage = "nlp"
    try:
        with time_limit(_left(timeout, timings)):
            extraction = next(extract_many([(article.body, article.published_at or None, article.title or None)],
                                           rules))
    except ArticleTimeout:
        return _failed(article, "timeout", f"{item.path}: {_over_budget('extraction', timeout)}",
                       traceback_module.format_exc(), timings, t0)
    except Exception as e:  # noqa: BLE001
        return _failed(article, stage, f"{item.path}: {type(e).__name__}: {e}", traceback_module.format_exc(),
                       timings, t0)
    timings.nlp_seconds = time.perf_counter() - started
    timings.seconds = timings.clean_seconds + timings.nlp_seconds
    timings.finished_at = time.time()
    return ArticleResult(article, extraction, timings=timings)


def _cleaned(item: InputFile, rules: RuleSet, timeout: float | None = None
             ) -> ArticleResult | tuple[Article, ArticleTimings, float]:
    """The article read and cleaned, with its timings and start; or its failure."""
    from pipeline.acquire.decode import DecodeError
    from pipeline.clean import CleanError, clean_page
    from pipeline.clean.site_profiles import site_profiles

    timings = ArticleTimings(started_at=time.time(), worker=f"{socket.gethostname()}:{os.getpid()}")
    t0 = time.perf_counter()
    meta = read_sidecar(item)
    url = meta.get("final_url") or meta.get("url") or ""
    article = Article(article_id=item.article_id, url=url, site=site_of(url, item.article_id))
    if item.refused:
        # Not a regular file, or too large: never read (a FIFO would block, /dev/zero never ends).
        return _failed(article, "read", f"{item.path}: {item.refused}", "", timings, t0)
    stage = "read"
    try:
        with time_limit(timeout):
            data = item.data if item.data is not None else read_page_bytes(item)
            stage = "clean"
            page = clean_page(data, item.kind, url=url, content_type=meta.get("content_type"),
                              site_profiles=site_profiles(rules))
    except ArticleTimeout:
        doing = "cleaning" if stage == "clean" else "reading"
        return _failed(article, "timeout", f"{item.path}: {_over_budget(doing, timeout)}",
                       traceback_module.format_exc(), timings, t0)
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
