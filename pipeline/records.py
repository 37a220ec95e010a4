"""Record dataclasses: one per CSV file of the output contract (../shared/CONTRACT.md), the
article, and an article's Extraction. Every stage may import this module; it imports none.

Field order is the CSV column order of CONTRACT.md (without `article_id`, which the writer adds).
"""
from __future__ import annotations

from dataclasses import dataclass, field, fields


@dataclass
class ClusterRecord:
    name: str                 # as written in the text
    canonical: str            # gazetteer name, or normalised city + industry + 集群
    start: int
    end: int
    sentence: str
    rule: str


@dataclass
class FigureRecord:
    text: str                 # from the number to the end of its unit
    value: float              # multipliers applied: 1378.6亿元 -> 137860000000
    unit: str                 # without the multiplier: 元, 家, %, 台(套), "" when none
    approx: str               # more_than | about | less_than | ""
    change: str               # increase | decrease when the text gives the figure as a rise or a fall, else ""
    metric: str               # what is measured (主营业务收入), "" when unstated
    subject: str              # whose it is (合肥智能语音集群), "" when unstated
    start: int
    end: int
    sentence: str
    rule: str


@dataclass
class DateRecord:
    text: str
    value: str                # ISO 8601 truncated to what the text states; intervals as A/B
    date_from: str            # the first day the value covers (2019-09 -> 2019-09-01); "" when the year is unknown
    date_to: str              # the last day it covers (2019-09 -> 2019-09-30; an interval's end)
    start: int
    end: int
    sentence: str
    rule: str


@dataclass
class QuoteRecord:
    speaker: str              # person's name; "" when only a role or an organisation speaks
    title: str
    org: str
    quote: str
    kind: str                 # direct | indirect
    cue: str                  # the speech verb: 表示, 说, 指出…
    start: int
    end: int
    rule: str


@dataclass
class Extraction:
    """What the NLP stage finds in one article body: kind -> records (`extraction.figures`
    reads `extraction.records["figures"]`). Which kinds exist is the registered extractors'
    business (pipeline.extractors); an article that failed has none."""
    records: dict[str, list] = field(default_factory=dict)

    def __getattr__(self, kind: str) -> list:
        records = self.__dict__.get("records")
        if records is None or kind not in records:
            known = ", ".join(records or ()) or "none"
            raise AttributeError(f"no {kind!r} records in this extraction (kinds: {known})")
        return records[kind]


@dataclass
class Article:
    """One input file after cleaning; `body` is what the extractors read."""
    article_id: str
    url: str = ""
    site: str = ""
    title: str = ""
    published_at: str = ""
    source: str = ""
    author: str = ""
    n_chars: int = 0
    status: str = "ok"        # ok | error
    error: str = ""
    body: str = ""


def columns(record_type) -> list[str]:
    """The CSV columns of a record dataclass, in contract order."""
    return [f.name for f in fields(record_type)]


ARTICLE_COLUMNS = [c for c in columns(Article) if c != "body"]


# --- derived from the records at output time (pipeline/extractors/clusters/links.py, pipeline/batch/cluster_facts.py)

@dataclass(frozen=True)
class ClusterLink:
    """A figure or a quote of an article linked to a cluster the article names."""
    canonical: str
    kind: str                 # figures | quotes
    index: int                # the record's position among the article's records of that kind
    link: str                 # same_sentence | subject | anaphora


@dataclass
class ClusterFact:
    """One row of cluster_facts.csv: a record linked to a cluster, with its article's date and title."""
    cluster: str              # canonical name
    article_id: str
    published_at: str
    kind: str                 # figure | quote
    metric: str               # the figure's metric, else what it counts (入驻企业); "" for quotes
    value: float | None
    unit: str
    approx: str
    text: str                 # the figure as written, or the quote's words
    speaker: str
    link: str                 # same_sentence | subject | anaphora
    article_title: str
    url: str
    period: str = ""          # the date the figure is for, from its sentence (2021, 2022-06); "" when unstated
    speaker_title: str = ""
    org: str = ""
    start: int = 0
    end: int = 0
    sentence: str = ""
    conflict: str = ""        # other articles' different values for the same cluster, metric, unit and date
    metric_source: str = ""   # figure (the extracted metric) | words (the words before the number) | ""


@dataclass
class ClusterSummary:
    """One row of clusters_summary.csv: what the articles say about one cluster."""
    cluster: str
    articles: int
    mentions: int
    first_published: str
    last_published: str
    figures: int
    quotes: int
    latest_values: str        # one line per metric: metric value (date; article_id)
    conflicts: int            # figures whose value another article contradicts
    names: str                # every name the articles write it with, "；"-separated
