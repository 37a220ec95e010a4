"""The extractors: one per kind of record, each a spaCy component fed by its rule file in `rules/`.

    clusters/   industrial clusters (gazetteer + patterns)   rules/clusters.yaml
    figures/    numbers with units, normalised               rules/figures.yaml
    dates/      calendar expressions -> ISO 8601              rules/dates.yaml
    quotes/     who said what (speech cues + LAC names)       rules/quotes.yaml

Each kind's package registers its ExtractorSpec (spec.py) on import, which is light (no
spaCy); the components themselves live in its `extractor.py`, imported when the pipeline
is built (`pipeline.extractors.extract.get_nlp`). Numbers (Chinese and Arabic) are parsed
in `numbers.py`.
"""
from pipeline.extractors.registry import (
    check_rules,
    in_pipeline_order,
    kinds,
    load_rules,
    load_rules_at,
    record_types,
    register,
    rule_schemas,
    spec,
    specs,
    unregister,
)

# The built-in kinds register in output order (the order of their CSV files), so this import stays as written.
# isort: off
from pipeline.extractors import clusters, figures, dates, quotes  # noqa: E402,F401
# isort: on

__all__ = ["check_rules", "in_pipeline_order", "kinds", "load_rules", "load_rules_at", "record_types", "register",
           "rule_schemas", "spec", "specs", "unregister"]
