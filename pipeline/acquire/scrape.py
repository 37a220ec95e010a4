"""Scrape stage: fetch news pages into raw_articles/ for `newsx run`.

Entry point: `scrape(urls, out_dir, ...) -> ScrapeSummary`; the CLI only parses arguments.
Each page is saved as `<out_dir>/<site>/<id>.html` (the response bytes, unchanged) with a
sidecar `<id>.json` (url, final_url, status, content_type, encoding, fetched_at, sha256,
scraper_version…). Naming and list-page link discovery: pipeline/article_urls.py; HTTP,
robots.txt, delays, retries and limits: pipeline/fetch.py.

Resuming: the sidecar is written last, so a page counts as saved only when its sidecar
exists and the sha256 in it matches the .html on disk. A rerun skips saved pages (no
request at all); `refresh=True` refetches them and rewrites only when the bytes changed.
"""
from __future__ import annotations

import hashlib
import json
import os
import sys
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Sequence
from urllib.parse import urlsplit

from pipeline.acquire.article_urls import (
    ArticleUrlRules,
    UnsafeUrl,
    article_path,
    find_article_links,
    load_rules,
    normalise_url,
)
from pipeline.acquire.decode import DecodeError, decode_bytes
from pipeline.acquire.fetch import (
    BAD_URL,
    DEFAULT_MAX_BYTES,
    OTHER_HOST,
    SCRAPER_VERSION,
    Fetcher,
    FetchResult,
    same_site,
)

FETCHED, SKIPPED, FAILED = "fetched", "skipped", "failed"
ALREADY_SAVED = "already saved"
UNCHANGED = "unchanged since last fetch"
DUPLICATE = "duplicate URL in input"
UNDECODABLE = "undecodable"


@dataclass
class ScrapedUrl:
    """What happened to one URL."""
    url: str
    outcome: str                  # fetched | skipped | failed
    reason: str = ""              # for skipped/failed: a short, groupable reason
    detail: str = ""
    path: str = ""                # the saved .html, relative to out_dir
    encoding: str = ""


@dataclass
class ScrapeSummary:
    out_dir: str
    results: list[ScrapedUrl] = field(default_factory=list)
    interrupted: bool = False
    notes: list[str] = field(default_factory=list)      # what the user should know (a list page without articles)

    def _with(self, outcome: str) -> list[ScrapedUrl]:
        return [r for r in self.results if r.outcome == outcome]

    @property
    def fetched(self) -> list[ScrapedUrl]:
        return self._with(FETCHED)

    @property
    def skipped(self) -> list[ScrapedUrl]:
        return self._with(SKIPPED)

    @property
    def failed(self) -> list[ScrapedUrl]:
        return self._with(FAILED)

    def by_reason(self, outcome: str = FAILED) -> dict[str, int]:
        return dict(Counter(r.reason for r in self._with(outcome)).most_common())

    @property
    def exit_code(self) -> int:
        if self.interrupted:
            return 130
        return 1 if self.failed else 0

    def report(self) -> str:
        """The end-of-run summary printed by the CLI."""
        lines = [f"scraped {len(self.results)} URL(s) into {self.out_dir}: {len(self.fetched)} fetched, "
                 f"{len(self.skipped)} skipped, {len(self.failed)} failed"
                 + (" (interrupted: rerun the same command to resume)" if self.interrupted else "")]
        for outcome in (SKIPPED, FAILED):
            counts = self.by_reason(outcome)
            if counts:
                lines.append(f"  {outcome}: " + ", ".join(f"{reason} {n}" for reason, n in counts.items()))
        lines += self.notes
        if self.failed:
            lines.append("failures:")
            lines += [f"  {r.url}  {r.reason}" + (f": {r.detail}" if r.detail else "") for r in self.failed]
        return "\n".join(lines)


def read_url_file(path: str | Path) -> list[str]:
    """URLs from a file: one per line; blank lines and lines starting with # are ignored."""
    with open(path, encoding="utf-8-sig") as f:
        return [line.strip() for line in f if line.strip() and not line.lstrip().startswith("#")]


def scrape(urls: Iterable[str], out_dir: str | Path = "raw_articles", *,
           list_url: str | Sequence[str] | None = None, max_articles: int | None = None,
           refresh: bool = False, delay: float = 1.0, timeout: float = 15.0, retries: int = 3,
           backoff: float = 1.0, max_bytes: int = DEFAULT_MAX_BYTES, user_agent: str | None = None,
           progress: bool | None = None, rules: ArticleUrlRules | str | Path | None = None,
           allow_private: bool = False, follow_hosts: bool = False,
           fetcher: Fetcher | None = None) -> ScrapeSummary:
    """Fetch `urls` (and the article links found on `list_url` pages) into `out_dir`.

    `max_articles` bounds the number of article URLs handled (saved, skipped or failed).
    `progress`: None = a tqdm bar on a terminal, plain lines otherwise; False = silent.
    `follow_hosts`: follow list links and redirects to other hosts (else they are skipped, failed).
    `allow_private`: connect to loopback and private addresses too (else refused).
    Never raises for a page's trouble: it is in the summary. Ctrl-C stops cleanly
    (summary.interrupted); the next run resumes.
    """
    out_root = Path(out_dir)
    if not isinstance(rules, ArticleUrlRules):
        rules = load_rules(rules)
    own_fetcher = fetcher is None
    fetcher = fetcher or Fetcher(user_agent=user_agent, delay=delay, timeout=timeout, retries=retries,
                                 backoff=backoff, max_bytes=max_bytes, allow_private=allow_private,
                                 follow_hosts=follow_hosts)
    summary = ScrapeSummary(out_dir=str(out_root))
    reporter = _Progress(progress)
    try:
        try:
            targets = list(urls)
            found_on: dict[str, str] = {}
            list_urls = [list_url] if isinstance(list_url, str) else list(list_url or [])
            for page_url in list_urls:
                links = _article_links(page_url, fetcher, rules, summary, reporter)
                for link in links:
                    found_on.setdefault(link, page_url)
                targets += links
            todo = _dedupe(targets, summary, reporter)
            if max_articles is not None:
                todo = todo[:max(0, max_articles)]
            reporter.start(len(todo))
            for url in todo:
                result = _scrape_one(url, out_root, rules, fetcher, refresh, found_on.get(url))
                summary.results.append(result)
                reporter.update(result)
        except KeyboardInterrupt:
            summary.interrupted = True
    finally:
        reporter.close()
        if own_fetcher:
            fetcher.close()
    return summary


def _article_links(page_url: str, fetcher: Fetcher, rules: ArticleUrlRules, summary: ScrapeSummary,
                   reporter: "_Progress") -> list[str]:
    """Fetch a channel/list page (not saved) and return the article links on it."""
    page = fetcher.fetch_page(page_url)
    if page.ok:
        try:
            text, _ = decode_bytes(page.body, page.content_type)
        except DecodeError as err:
            page.error, page.detail = UNDECODABLE, str(err)
    if not page.ok:
        failed = ScrapedUrl(page_url, FAILED, page.error, ("list page: " + page.detail).strip())
        summary.results.append(failed)
        reporter.note(failed)
        return []
    links = find_article_links(text, page.final_url or page_url, rules)
    elsewhere: list[str] = []
    if not fetcher.follow_hosts:
        # Stay on the list page's host: a link elsewhere is skipped and named, not fetched.
        hosts = {urlsplit(page_url).hostname, urlsplit(page.final_url or page_url).hostname}
        on_host = {link for link in links if any(same_site(h, urlsplit(link).hostname) for h in hosts)}
        here = [link for link in links if link in on_host]
        elsewhere = [link for link in links if link not in on_host]
        for link in elsewhere:
            skipped = ScrapedUrl(link, SKIPPED, OTHER_HOST, f"linked from {page_url} (--follow-hosts follows it)")
            summary.results.append(skipped)
            reporter.note(skipped)
        links = here
    reporter.message(f"list page {page_url}: {len(links)} article link(s)"
                     + (f", {len(elsewhere)} on other hosts skipped" if elsewhere else ""))
    if not links and not elsewhere:
        host = urlsplit(page_url).hostname
        summary.notes.append(f"list page {page_url}: no link on it looks like an article; which links count is "
                             f"decided by the URL patterns in rules/scrape.yaml (add one for {host})")
    return links


def _dedupe(urls: list[str], summary: ScrapeSummary, reporter: "_Progress") -> list[str]:
    """Normalised URLs in input order; bad URLs are failures, repeats are skipped."""
    todo: list[str] = []
    seen: set[str] = set()
    for raw in urls:
        try:
            url = normalise_url(raw)
        except UnsafeUrl as err:
            result = ScrapedUrl(raw, FAILED, BAD_URL, str(err))
        else:
            if url not in seen:
                seen.add(url)
                todo.append(url)
                continue
            result = ScrapedUrl(url, SKIPPED, DUPLICATE)
        summary.results.append(result)
        reporter.note(result)
    return todo


def _scrape_one(url: str, out_root: Path, rules: ArticleUrlRules, fetcher: Fetcher, refresh: bool,
                found_on: str | None) -> ScrapedUrl:
    try:
        html_path = article_path(out_root, url, rules)
    except UnsafeUrl as err:
        return ScrapedUrl(url, FAILED, BAD_URL, str(err))
    rel_path = html_path.relative_to(out_root.resolve()).as_posix()
    sidecar_path = html_path.with_suffix(".json")
    saved = read_saved_sidecar(html_path, sidecar_path)
    if saved is not None and not refresh:
        return ScrapedUrl(url, SKIPPED, ALREADY_SAVED, path=rel_path, encoding=saved.get("encoding", ""))

    page = fetcher.fetch_page(url)
    if not page.ok:
        return ScrapedUrl(url, FAILED, page.error, page.detail)
    try:
        # The same decoding the cleaner does, so the recorded encoding is the one used downstream.
        _, encoding = decode_bytes(page.body, page.content_type)
    except DecodeError as err:
        return ScrapedUrl(url, FAILED, UNDECODABLE, str(err))
    digest = hashlib.sha256(page.body).hexdigest()
    if saved is not None and saved.get("sha256") == digest:
        return ScrapedUrl(url, SKIPPED, UNCHANGED, path=rel_path, encoding=encoding)

    sidecar = sidecar_record(page, encoding, digest, found_on)
    # The page first, the sidecar last: a sidecar whose sha256 matches marks a complete save.
    write_atomically(html_path, page.body)
    write_atomically(sidecar_path, (json.dumps(sidecar, ensure_ascii=False, indent=2) + "\n").encode("utf-8"))
    return ScrapedUrl(url, FETCHED, path=rel_path, encoding=encoding)


def sidecar_record(page: FetchResult, encoding: str, sha256: str, found_on: str | None = None) -> dict:
    return {
        "url": page.url,
        "final_url": page.final_url,
        "status": page.status,
        "content_type": page.content_type,
        "encoding": encoding,
        "fetched_at": page.fetched_at,
        "sha256": sha256,
        "size": len(page.body),
        "redirects": page.redirects,
        "found_on": found_on,
        "scraper_version": f"newsx/{SCRAPER_VERSION}",
    }


def read_saved_sidecar(html_path: Path, sidecar_path: Path) -> dict | None:
    """The sidecar of a complete earlier save (its sha256 matches the .html), else None."""
    try:
        sidecar = json.loads(sidecar_path.read_text(encoding="utf-8"))
        data = html_path.read_bytes()
    except (OSError, ValueError):
        return None
    if not isinstance(sidecar, dict) or sidecar.get("sha256") != hashlib.sha256(data).hexdigest():
        return None
    return sidecar


def write_atomically(path: Path, data: bytes) -> None:
    """Write via a temp file in the same directory + os.replace: readers never see half a file.
    The temp name ends in .tmp, so an interrupted write is never mistaken for a page."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp_name, 0o644)
        os.replace(tmp_name, path)
    except BaseException:
        try:
            os.unlink(tmp_name)
        except OSError:
            pass
        raise


class _Progress:
    """A tqdm bar on a terminal, one plain line per URL otherwise, nothing when disabled."""

    def __init__(self, mode: bool | None):
        self.enabled = mode is not False
        self.use_bar = mode is True or (mode is None and sys.stderr.isatty())
        self.bar = None
        self.total = 0
        self.done = 0

    def start(self, total: int) -> None:
        self.total = total
        if self.enabled and self.use_bar:
            from tqdm import tqdm

            self.bar = tqdm(total=total, unit="page", desc="scrape", file=sys.stderr)

    def message(self, text: str) -> None:
        if not self.enabled:
            return
        if self.bar is not None:
            self.bar.write(text, file=sys.stderr)
        else:
            print(text, file=sys.stderr, flush=True)

    def note(self, result: ScrapedUrl) -> None:
        """A result outside the main loop (bad URL, duplicate, list page failure)."""
        self.message(_describe(result))

    def update(self, result: ScrapedUrl) -> None:
        self.done += 1
        if not self.enabled:
            return
        if self.bar is not None:
            self.bar.update(1)
            if result.outcome == FAILED:
                self.bar.write(_describe(result), file=sys.stderr)
        else:
            print(f"[{self.done}/{self.total}] {_describe(result)}", file=sys.stderr, flush=True)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


def _describe(result: ScrapedUrl) -> str:
    if result.outcome == FETCHED:
        return f"fetched {result.url} -> {result.path} ({result.encoding})"
    text = f"{result.outcome} {result.url} ({result.reason}"
    return text + (f": {result.detail})" if result.detail else ")")
