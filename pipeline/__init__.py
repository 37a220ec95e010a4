"""newsx: Chinese news extraction (clusters, figures, dates, quotes) from news pages.

    from pipeline import extract
    result = extract(body, published="2022-12-02")
    result.figures[0].value

    from pipeline import read_extracted
    tables = read_extracted("extracted/")     # pandas DataFrames, one per contract file
"""
from pipeline.version import __version__


def extract(text: str, published: str | None = None, rules=None, title: str | None = None):
    """Run the NLP stage on an article body; returns an Extraction with .clusters, .figures, .dates, .quotes.
    The title, when given, can tell a cluster's place (该市光伏产业集群 in an article about one city)."""
    from pipeline.extractors.extract import extract as _extract

    return _extract(text, published, rules, title)


def read_extracted(extracted_dir="extracted"):
    """An extracted/ folder as pandas DataFrames: .articles, .clusters, .figures, .dates, .quotes, and
    what they say about each cluster: .cluster_facts, .clusters_summary."""
    from pipeline.review.tables import read_extracted as _read_extracted

    return _read_extracted(extracted_dir)


__all__ = ["extract", "read_extracted", "__version__"]
