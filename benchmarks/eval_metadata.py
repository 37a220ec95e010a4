#!/usr/bin/env python3
"""Page metadata of the clean stage on the annotated pages: titles, publication dates, and the
sources and authors that do not look like a name.

    python3 benchmarks/eval_metadata.py                  # studied, dev and dev2, with every miss
    python3 benchmarks/eval_metadata.py --set heldout    # the held-out pages: counts only
    python3 benchmarks/eval_metadata.py --set studied --all   # every page's values, right or wrong

Sets: `studied` and `heldout` (benchmarks/gold/<set>: each gold names its page as HTML, `input`,
and as copied page text, `pagetext`; both are cleaned and counted apart), `dev` and `dev2`
(../shared/corpus/<set>: the page beside its gold, HTML or text).

A title is right when it equals the gold's after Unicode compatibility folding and without
spaces. A publication date is right when it agrees with the gold at the precision the gold
states (a gold day needs the day; a gold minute needs the day, hour and minute; seconds and
time zones are compared only when the gold states them); pages whose gold has no date count
only as "dated where the gold has none". A source or author looks wrong when it is not a
plausible name: a date, number or time word, a sentence fragment (clause punctuation, more than 30
characters), a label left in (来源：, 作者：), a lone letter, or a word templates print in its place
(转载, 楼主). This judge is written apart from
the pipeline's own checks so that it does not agree with them by construction.
"""
from __future__ import annotations

import argparse
import json
import re
import sys
import time
import unicodedata
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

SHARED = REPO.parent / "shared"
GOLD = REPO / "benchmarks" / "gold"


def pages_of(set_name: str) -> list[tuple[str, str, Path, dict]]:
    """(page id, form, page path, gold) for each page the set measures; form is "html" or "text"."""
    out = []
    if set_name in ("studied", "heldout"):
        for path in sorted((GOLD / set_name).glob("*.gold.json")):
            gold = json.loads(path.read_text(encoding="utf-8"))
            out.append((gold["id"], "html", SHARED / "corpus" / gold["input"], gold))
            if gold.get("pagetext"):
                out.append((gold["id"], "text", SHARED / "corpus" / gold["pagetext"], gold))
    else:
        folder = SHARED / "corpus" / set_name
        for path in sorted(folder.glob("*.gold.json")):
            gold = json.loads(path.read_text(encoding="utf-8"))
            page = folder / gold["input"]
            out.append((gold["id"], "text" if page.suffix == ".txt" else "html", page, gold))
    return out


def title_key(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", text or "").split())


_ISO = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?(?:T(\d{2}):(\d{2})(?::(\d{2}))?)?")


def date_parts(iso: str) -> tuple:
    m = _ISO.match(iso or "")
    return tuple(g for g in m.groups() if g is not None) if m else ()


def date_right(found: str, gold: str) -> bool:
    """`found` states at least what `gold` states, and agrees on it."""
    want = date_parts(gold)
    return bool(want) and date_parts(found)[:len(want)] == want


_DATE_OR_NUMBER = re.compile(r"\d{2,}|\d\s*[-/.:年月日]|[年月日]\s*\d")
_TIME_WORD = re.compile(r"今年|去年|明年|季度|上午|下午|日前|近日|目前|昨天|今天")
# A clause, not a name; "、" alone joins co-authors ("甲、乙").
_FRAGMENT = re.compile(r"[，。！？；,;!?“”\"]")
_LABEL = re.compile(r"来源|作者|编辑|记者|时间|日期|发布|责编|[:：]")
# Words a template prints where the name goes: a repost mark, a forum's "original poster".
_NOT_A_NAME = {"转载", "转载文章", "楼主", "网络", "互联网", "网络整理", "本站", "未知", "admin"}


def name_looks_wrong(value: str) -> str:
    """Why `value` is not a plausible source or author name ("" when it is one, or empty)."""
    v = (value or "").strip()
    if not v:
        return ""
    if _DATE_OR_NUMBER.search(v) or _TIME_WORD.search(v):
        return "date or number"
    if len(v) > 30 or _FRAGMENT.search(v):
        return "sentence fragment"
    if _LABEL.search(v):
        return "label left in"
    if len(v) == 1 or re.fullmatch(r"[A-Za-z]{1,2}", v):
        return "a letter or two"
    if v.lower() in _NOT_A_NAME:
        return "not a name"
    return ""


def evaluate(set_name: str, show: str) -> dict:
    from pipeline.clean import CleanError, clean_page

    counts: dict[str, dict[str, int]] = {}
    lines = []
    for page_id, form, path, gold in pages_of(set_name):
        c = counts.setdefault(form, dict(pages=0, titled=0, title_right=0, dated=0, date_right=0,
                                         undated=0, dated_wrongly=0, bad_source=0, bad_author=0))
        c["pages"] += 1
        try:
            page = clean_page(path.read_bytes(), form)
            title, published, source, author = page.title, page.published_at, page.source, page.author
        except CleanError as exc:
            title = published = source = author = ""
            lines.append(f"  {form} {page_id}: clean error {exc}")
        problems = []
        if gold.get("title"):
            c["titled"] += 1
            if title_key(title) == title_key(gold["title"]):
                c["title_right"] += 1
            else:
                problems.append(f"title {title!r} (gold {gold['title']!r})")
        if gold.get("published"):
            c["dated"] += 1
            if date_right(published, gold["published"]):
                c["date_right"] += 1
            else:
                problems.append(f"date {published!r} (gold {gold['published']!r})")
        else:
            c["undated"] += 1
            if published:
                c["dated_wrongly"] += 1
                problems.append(f"date {published!r} where the gold has none")
        for field, value in (("source", source), ("author", author)):
            why = name_looks_wrong(value)
            if why:
                c[f"bad_{field}"] += 1
                problems.append(f"{field} {value!r} ({why})")
        if show == "all":
            lines.append(f"  {form} {page_id}: title {title!r} | date {published!r} | source {source!r} | "
                         f"author {author!r}" + ("".join(f"\n      WRONG {p}" for p in problems)))
        elif show == "misses" and problems:
            lines.append(f"  {form} {page_id}: " + "; ".join(problems))
    for line in lines:
        print(line)
    return counts


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--set", action="append", dest="sets", choices=["studied", "heldout", "dev", "dev2"],
                    help="which annotated set (repeatable; default: studied, dev, dev2)")
    ap.add_argument("--all", action="store_true", help="every page's values, not only the misses")
    ap.add_argument("--json", type=Path, help="write the counts as JSON here")
    a = ap.parse_args(argv)
    sets = a.sets or ["studied", "dev", "dev2"]
    report = {}
    for set_name in sets:
        show = "none" if set_name == "heldout" else ("all" if a.all else "misses")
        t0 = time.perf_counter()
        if show != "none":
            print(f"== {set_name}")
        counts = evaluate(set_name, show)
        report[set_name] = counts
        print(f"{set_name} ({time.perf_counter() - t0:.1f} s)")
        for form, c in counts.items():
            print(f"  {form:4s} {c['pages']:2d} pages: titles {c['title_right']}/{c['titled']}, "
                  f"dates {c['date_right']}/{c['dated']} (dated where the gold has none: "
                  f"{c['dated_wrongly']}/{c['undated']}), sources wrong {c['bad_source']}, "
                  f"authors wrong {c['bad_author']}")
    if a.json:
        a.json.write_text(json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
