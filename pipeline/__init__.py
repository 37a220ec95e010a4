"""newsx: Chinese news extraction (clusters, figures, dates, quotes) from news pages.

    from pipeline import extract
    result = extract(body, published="2022-12-02")
    result.figures[0].value
"""
__version__ = "0.1.0"


def extract(text: str, published: str | None = None, rules=None):
    """Run the NLP stage on an article body; returns an Extraction with .clusters, .figures, .dates, .quotes."""
    from pipeline.nlp import extract as _extract

    return _extract(text, published, rules)


__all__ = ["extract", "__version__"]
