"""The four extractors, each a spaCy component fed by its rule file in `rules/`.

Importing this package registers their rule schemas and component factories.
"""
from pipeline.extractors import clusters, dates, figures, quotes  # noqa: F401
