"""Write stage: articles and records -> extracted/ CSV (Excel-ready) and JSONL.

CSV: UTF-8 with BOM, header row, RFC 4180 quoting, CRLF rows; values as plain
decimals. Every file is written to a temporary name and renamed, so a reader
never sees half a file.
"""
from __future__ import annotations

import csv
import json
import os
import tempfile
from dataclasses import asdict
from pathlib import Path
from typing import Iterable

from pipeline.numbers import format_value
from pipeline.records import ARTICLE_COLUMNS, RECORD_TYPES, Article, Extraction, columns

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value) -> str:
    """A value as spreadsheet-safe text: numbers plain, text that Excel would run as a formula escaped."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return format_value(float(value)) if isinstance(value, float) else str(value)
    text = str(value)
    if text.startswith(FORMULA_PREFIXES):
        return "'" + text
    return text


def _atomic_writer(path: Path):
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    return os.fdopen(fd, "w", encoding="utf-8-sig" if path.suffix == ".csv" else "utf-8", newline=""), Path(tmp)


def write_csv(path: Path, header: list[str], rows: Iterable[list]) -> None:
    f, tmp = _atomic_writer(path)
    try:
        with f:
            writer = csv.writer(f, lineterminator="\r\n")
            writer.writerow(header)
            for row in rows:
                writer.writerow([csv_cell(v) for v in row])
        os.replace(tmp, path)
    finally:
        if tmp.exists():
            tmp.unlink()


def write_jsonl(path: Path, objects: Iterable[dict]) -> None:
    f, tmp = _atomic_writer(path)
    try:
        with f:
            for obj in objects:
                f.write(json.dumps(obj, ensure_ascii=False) + "\n")
        os.replace(tmp, path)
    finally:
        if tmp.exists():
            tmp.unlink()


def write_outputs(out_dir: str | Path, results: list[tuple[Article, Extraction]]) -> None:
    """Write every contract file for these articles (in the given order)."""
    out = Path(out_dir)
    write_csv(out / "articles.csv", ARTICLE_COLUMNS,
              ([getattr(a, c) for c in ARTICLE_COLUMNS] for a, _ in results))
    write_jsonl(out / "articles.jsonl", (asdict(a) for a, _ in results))
    for kind, record_type in RECORD_TYPES.items():
        cols = columns(record_type)
        write_csv(out / f"{kind}.csv", ["article_id", *cols],
                  ([a.article_id, *(getattr(r, c) for c in cols)]
                   for a, ex in results for r in getattr(ex, kind)))
