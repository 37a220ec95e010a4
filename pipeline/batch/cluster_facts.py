"""What the articles say about each cluster: cluster_facts.csv and clusters_summary.csv.

Made at output time from the stored records (pipeline/extractors/clusters/links.py links each
article's figures and quotes to its clusters), joined with each article's date, title and URL:

- `cluster_facts.csv`: one row per (canonical cluster, linked record), with the date the figure
  is for (`period`: the date its sentence gives before it) and a label for what it measures
  (`metric`: the extracted metric, else the words naming what it counts, 入驻企业);
- `clusters_summary.csv`: one row per canonical cluster: articles, mentions, first and last
  publication date, and the latest value of each metric with its date and article.

Two articles giving different values for the same cluster, metric, unit and date are a
conflict: both rows say so in `conflict`; values are never averaged. A value given as a bound
(超1300亿元) does not conflict with one inside it (1378.6亿元).
"""
from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import MISSING, dataclass, fields
from functools import lru_cache
from typing import Callable, Iterable, Iterator

from pipeline.extractors.clusters.links import linker_for
from pipeline.nlp.sentence_split import sentence_boundaries
from pipeline.records import Article, ClusterFact, ClusterRecord, ClusterSummary, DateRecord, FigureRecord, QuoteRecord
from pipeline.rules import RuleSet, lexicon_regex
from pipeline.speedups.regex_cache import compile_regex

FACT_KINDS = {"figures": "figure", "quotes": "quote"}
RELATIVE_TOLERANCE = 0.005     # values this close are the same number written differently
ABOUT_TOLERANCE = 0.10         # 约/近/左右 x agrees with values within 10 % of x
CONFLICTS_LISTED = 5           # the other values a row names (then: and N more)
METRIC_LABEL_MAX = 10
_CLAUSE_BREAK = re.compile(r"[，,；;。：:！？!?、\n（(）)“”]")


@dataclass
class LinkedArticle:
    """An article with a cluster, and the records the facts need."""
    article: Article
    clusters: list[ClusterRecord]
    figures: list[FigureRecord]
    quotes: list[QuoteRecord]
    dates: list[DateRecord]


def record_of(record_type, fields_: dict):
    """A stored record's fields as its dataclass (fields the record type does not know are left out,
    missing ones take their default or "")."""
    known, required = _fields_of(record_type)
    if fields_.keys() == known and type(fields_.get("start")) is int and type(fields_.get("end")) is int:
        return record_type(**fields_)       # as stored by this version: most records
    values = {k: v for k, v in fields_.items() if k in known}
    if len(values) < len(required) or not required <= values.keys():
        for name in required - values.keys():
            values[name] = 0 if name in ("start", "end") else ""
    for name in ("start", "end"):
        if type(values.get(name)) is not int:
            try:
                values[name] = int(float(values.get(name) or 0))
            except (TypeError, ValueError):
                values[name] = 0
    return record_type(**values)


@lru_cache(maxsize=None)
def _fields_of(record_type) -> tuple[frozenset[str], frozenset[str]]:
    """The field names of a record type, and those without a default."""
    fs = fields(record_type)
    return (frozenset(f.name for f in fs),
            frozenset(f.name for f in fs if f.default is MISSING and f.default_factory is MISSING))


def linked_articles(articles: Callable[[], Iterable[Article]],
                    records: Callable[[str], Iterable[tuple[str, dict]]]) -> Iterator[LinkedArticle]:
    """The articles that name a cluster, with their records. Only those articles' records are kept
    in memory (the others' are streamed past)."""
    clusters: dict[str, list[ClusterRecord]] = {}
    for article_id, r in records("clusters"):
        clusters.setdefault(article_id, []).append(record_of(ClusterRecord, r))
    if not clusters:
        return
    kept: dict[str, dict[str, list]] = {aid: {"figures": [], "quotes": [], "dates": []} for aid in clusters}
    for kind, record_type in (("figures", FigureRecord), ("quotes", QuoteRecord), ("dates", DateRecord)):
        for article_id, r in records(kind):
            slot = kept.get(article_id)
            if slot is not None:
                slot[kind].append(record_of(record_type, r))
    for a in articles():
        if a.article_id in clusters and a.status != "error":
            k = kept[a.article_id]
            yield LinkedArticle(a, clusters[a.article_id], k["figures"], k["quotes"], k["dates"])


class FactMaker:
    """Facts of one article at a time (the linker and the metric words, built once from the rules)."""

    def __init__(self, rules: RuleSet):
        self.linker = linker_for(rules)
        figures = rules.lexicons.get("figures", {})
        approx_words = [w for name in ("before_more_than", "before_about", "before_less_than", "change_between")
                        for w in figures.get(name, [])]
        stop_words = figures.get("subject_stop_words", [])
        # The words before a number that say nothing about what it counts: 达到, 超过, 约, 共有…
        self.trailing = compile_regex(f"(?:{lexicon_regex(approx_words + stop_words)})+$") \
            if approx_words or stop_words else None
        self.after_stop = compile_regex(f"^.*(?:{lexicon_regex(stop_words)})") if stop_words else None
        self.subject_heads = tuple(figures.get("subject_heads", []))
        self.scopes = set(figures.get("subject_scopes", []))
        self.count_units = set(figures.get("classifier", [])) | set(figures.get("place_noun", []))

    def facts(self, la: LinkedArticle) -> list[ClusterFact]:
        a = la.article
        body = a.body or ""
        starts = sentence_boundaries(body)
        links = self.linker.link(body, la.clusters, la.figures, la.quotes, starts=starts)
        out = []
        for link in links:
            if link.kind == "figures":
                f = la.figures[link.index]
                metric, source = (f.metric, "figure") if f.metric else self.counted_words(body, f)
                out.append(ClusterFact(
                    cluster=link.canonical, article_id=a.article_id, published_at=a.published_at, kind="figure",
                    metric=metric, value=f.value if isinstance(f.value, (int, float)) else _float(f.value),
                    unit=f.unit, approx=f.approx, text=f.text, speaker="", link=link.link, article_title=a.title,
                    url=a.url, period=self.period(starts, la.dates, f), start=f.start, end=f.end,
                    sentence=f.sentence, metric_source=source))
            else:
                q = la.quotes[link.index]
                out.append(ClusterFact(
                    cluster=link.canonical, article_id=a.article_id, published_at=a.published_at, kind="quote",
                    metric="", value=None, unit="", approx="", text=q.quote, speaker=q.speaker, link=link.link,
                    article_title=a.title, url=a.url, speaker_title=q.title, org=q.org, start=q.start, end=q.end,
                    sentence=_sentence_of(body, starts, q.start, q.end)))
        return out

    def counted_words(self, body: str, f: FigureRecord) -> tuple[str, str]:
        """What a counted figure without a metric counts, from the words just before its number in its
        clause (规上企业641家 -> 规上企业; 实现入驻企业1423家 -> 入驻企业); ("", "") when they name a
        subject or nothing, or the figure is an amount."""
        clause = _CLAUSE_BREAK.split(body[max(0, f.start - 40):f.start])[-1]
        if self.trailing is not None:
            clause = self.trailing.sub("", clause)
        if self.after_stop is not None:
            clause = self.after_stop.sub("", clause)
        clause = re.sub(r"^.*[0-9０-９年月日]", "", clause)[-METRIC_LABEL_MAX:]
        if len(clause) < 2 or clause in self.scopes or clause.endswith(self.subject_heads):
            return "", ""
        if f.unit not in self.count_units:
            return "", ""      # an amount or a rate needs its metric word: the words before are a verb (锚定)
        return clause, "words"

    @staticmethod
    def period(starts: list[int], dates: list[DateRecord], f: FigureRecord) -> str:
        """The date the figure is for: the last date before it in its sentence (2021年主营业务收入…)."""
        sentence_start = starts[bisect_right(starts, f.start) - 1] if starts else 0
        best = None
        for d in dates:
            if sentence_start <= d.start and d.end <= f.start and (best is None or d.start > best.start):
                best = d
        return best.value if best is not None else ""


def cluster_tables(items: Iterable[LinkedArticle], rules: RuleSet) -> tuple[list[ClusterFact], list[ClusterSummary]]:
    """The facts (conflicts flagged) and one summary per canonical cluster."""
    maker = FactMaker(rules)
    facts: list[ClusterFact] = []
    mentions: dict[str, list[tuple[str, str, str]]] = {}     # canonical -> (article_id, published_at, name)
    for la in items:
        for c in la.clusters:
            mentions.setdefault(c.canonical, []).append((la.article.article_id, la.article.published_at, c.name))
        facts += maker.facts(la)
    flag_conflicts(facts)
    facts.sort(key=lambda f: (f.cluster, f.published_at or "9999", f.article_id, f.start, f.kind))
    return facts, summaries(mentions, facts)


def date_key(fact: ClusterFact) -> str:
    """The date a figure describes: its period when the sentence gives one, else the day it was published."""
    return fact.period or (fact.published_at or "")[:10]


def agree(a: ClusterFact, b: ClusterFact) -> bool:
    """Whether two values can both be right (the same number, or one inside the other's bound)."""
    if a.value is None or b.value is None:
        return True
    if abs(a.value - b.value) <= RELATIVE_TOLERANCE * max(abs(a.value), abs(b.value)):
        return True
    for x, y in ((a, b), (b, a)):
        if x.approx == "more_than" and y.value >= x.value and y.approx != "less_than":
            return True
        if x.approx == "less_than" and y.value <= x.value and y.approx != "more_than":
            return True
        if x.approx == "about" and abs(y.value - x.value) <= ABOUT_TOLERANCE * abs(x.value):
            return True
    return False


def flag_conflicts(facts: list[ClusterFact]) -> None:
    """Set `conflict` on figures that another article contradicts (same cluster, metric, unit, date):
    the other values with their articles (the first CONFLICTS_LISTED, then how many more)."""
    groups: dict[tuple, list[ClusterFact]] = {}
    for f in facts:
        if f.kind == "figure" and f.metric and date_key(f):
            groups.setdefault((f.cluster, f.metric, f.unit, date_key(f)), []).append(f)
    for group in groups.values():
        if len({f.article_id for f in group}) < 2:
            continue
        # Values are compared once per distinct (value, approx): many articles repeat one number.
        by_value: dict[tuple, list[ClusterFact]] = {}
        for f in group:
            by_value.setdefault((f.value, f.approx), []).append(f)
        keys = list(by_value)
        for key in keys:
            rivals = [g for other in keys if not agree(by_value[key][0], by_value[other][0]) for g in by_value[other]]
            for f in by_value[key]:
                against = list(dict.fromkeys(f"{g.text} ({g.article_id})" for g in rivals
                                             if g.article_id != f.article_id))
                more = f"; and {len(against) - CONFLICTS_LISTED} more" if len(against) > CONFLICTS_LISTED else ""
                f.conflict = "; ".join(against[:CONFLICTS_LISTED]) + more


def summaries(mentions: dict[str, list[tuple[str, str, str]]], facts: list[ClusterFact]) -> list[ClusterSummary]:
    by_cluster: dict[str, list[ClusterFact]] = {}
    for f in facts:
        by_cluster.setdefault(f.cluster, []).append(f)
    out = []
    for cluster in sorted(mentions):
        seen = mentions[cluster]
        dated = sorted(p for _, p, _ in seen if p)
        own = by_cluster.get(cluster, [])
        figures = [f for f in own if f.kind == "figure"]
        out.append(ClusterSummary(
            cluster=cluster, articles=len({a for a, _, _ in seen}), mentions=len(seen),
            first_published=dated[0] if dated else "", last_published=dated[-1] if dated else "",
            figures=len(figures), quotes=sum(1 for f in own if f.kind == "quote"),
            latest_values="\n".join(latest_values(figures)), conflicts=sum(1 for f in figures if f.conflict),
            names="；".join(dict.fromkeys(n for _, _, n in seen))))
    return out


def latest_values(figures: list[ClusterFact]) -> list[str]:
    """One line per metric, the most often reported first: its latest value, with its date and article
    (and the other articles' values for that date when they differ)."""
    by_metric: dict[str, list[ClusterFact]] = {}
    for f in figures:
        if f.metric:
            by_metric.setdefault(f.metric, []).append(f)
    lines = []
    for metric, group in sorted(by_metric.items(), key=lambda kv: (-len(kv[1]), kv[0])):
        latest = max(group, key=lambda f: (date_key(f), f.published_at or "", f.article_id))
        when = date_key(latest) or "undated"
        conflict = f" ≠ {latest.conflict}" if latest.conflict else ""
        lines.append(f"{metric} {latest.text} ({when}; {latest.article_id}){conflict}")
    return lines


def _sentence_of(body: str, starts: list[int], start: int, end: int) -> str:
    if not body:
        return ""
    first = starts[max(bisect_right(starts, start) - 1, 0)]
    k = bisect_right(starts, max(end - 1, start))
    last = starts[k] if k < len(starts) else len(body)
    return body[first:last].strip()


def _float(value) -> float | None:
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


__all__ = ["cluster_tables", "linked_articles", "flag_conflicts", "agree"]
