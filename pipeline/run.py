"""The main job: every page under an input folder -> cleaned article + records -> extracted/.

`process_article` is the per-article function (clean, then NLP); it never raises:
a failure becomes an Article with status=error, so one bad page costs only itself.
"""
from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator
from urllib.parse import urlsplit

from pipeline.clean import CleanError, clean_page
from pipeline.decode import DecodeError
from pipeline.nlp import extract
from pipeline.output import write_outputs
from pipeline.records import Article, Extraction
from pipeline.rules import RuleSet, load_rules

log = logging.getLogger(__name__)

INPUT_SUFFIXES = {".html": "html", ".htm": "html", ".txt": "text"}


@dataclass
class InputFile:
    path: Path
    article_id: str        # path relative to the input folder, no extension, "/" separators
    kind: str              # html | text

    @property
    def sidecar(self) -> Path:
        return self.path.with_suffix(".json")


@dataclass
class RunSummary:
    processed: int = 0
    failed: int = 0
    errors: list[tuple[str, str]] = field(default_factory=list)   # (article_id, message)


def discover_inputs(input_dir: str | Path) -> Iterator[InputFile]:
    """Every *.html, *.htm, *.txt under the folder, recursively, in a stable order."""
    root = Path(input_dir)
    for path in sorted(root.rglob("*")):
        kind = INPUT_SUFFIXES.get(path.suffix.lower())
        if kind and path.is_file() and not any(part.startswith(".") for part in path.relative_to(root).parts):
            yield InputFile(path=path, article_id=path.relative_to(root).with_suffix("").as_posix(), kind=kind)


def read_sidecar(item: InputFile) -> dict:
    """Fetch metadata saved by `newsx scrape` beside the page ({} when there is none or it is unreadable)."""
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


def process_article(item: InputFile, rules: RuleSet) -> tuple[Article, Extraction]:
    """Clean and extract one input file; errors are returned as status=error, never raised."""
    meta = read_sidecar(item)
    url = meta.get("final_url") or meta.get("url") or ""
    article = Article(article_id=item.article_id, url=url, site=site_of(url, item.article_id))
    try:
        data = item.path.read_bytes()
        page = clean_page(data, item.kind, url=url, content_type=meta.get("content_type"))
        article.title, article.body = page.title, page.body
        article.published_at, article.source, article.author = page.published_at, page.source, page.author
        article.n_chars = len(page.body)
        extraction = extract(page.body, article.published_at or None, rules)
    except (CleanError, DecodeError, OSError) as e:
        return _failed(article, f"{item.path}: {e}"), Extraction()
    except Exception as e:  # noqa: BLE001  one broken article must not stop the batch
        log.exception("unexpected failure on %s", item.path)
        return _failed(article, f"{item.path}: {type(e).__name__}: {e}"), Extraction()
    return article, extraction


def _failed(article: Article, message: str) -> Article:
    article.status, article.error = "error", message
    article.body, article.n_chars = "", 0
    return article


def run(input_dir: str | Path, out_dir: str | Path, rules: RuleSet | None = None) -> RunSummary:
    """Process every input under input_dir and write the contract files to out_dir."""
    rules = rules or load_rules()
    summary = RunSummary()
    results = []
    for item in discover_inputs(input_dir):
        article, extraction = process_article(item, rules)
        results.append((article, extraction))
        summary.processed += 1
        if article.status == "error":
            summary.failed += 1
            summary.errors.append((article.article_id, article.error))
    write_outputs(out_dir, results)
    return summary
