"""The registered extractor specs, and what is derived from them: the kinds, their record
types, their rule schemas, and the rules loaded for all of them.

The built-in kinds register on `import pipeline.extractors` (clusters, figures, dates, quotes:
the order of the output files); `register()` adds one of your own.
"""
from __future__ import annotations

from pathlib import Path
from typing import Iterable

from pipeline import rules as rule_loading
from pipeline.extractors.spec import ExtractorSpec
from pipeline.rules import KindSchema, RuleSet

_SPECS: dict[str, ExtractorSpec] = {}


def register(spec: ExtractorSpec) -> ExtractorSpec:
    """Add (or replace) the spec of a kind; returns it."""
    if spec.rule_schema.kind != spec.kind:
        raise ValueError(f"spec {spec.kind!r} has the rule schema of {spec.rule_schema.kind!r}")
    _SPECS[spec.kind] = spec
    return spec


def unregister(kind: str) -> None:
    _SPECS.pop(kind, None)


def specs() -> list[ExtractorSpec]:
    """Every registered spec, in output order (the order they were registered)."""
    return list(_SPECS.values())


def spec(kind: str) -> ExtractorSpec:
    return _SPECS[kind]


def kinds() -> list[str]:
    return list(_SPECS)


def in_pipeline_order() -> list[ExtractorSpec]:
    return sorted(_SPECS.values(), key=lambda s: s.order)


def record_types() -> dict[str, type]:
    """kind -> record dataclass, in output order."""
    return {s.kind: s.record_type for s in _SPECS.values()}


def rule_schemas() -> list[KindSchema]:
    return [s.rule_schema for s in _SPECS.values()]


def load_rules(extra_dirs: list[str | Path] | None = None, checked: bool = True) -> RuleSet:
    """The rules of every registered extractor: built-in, then NEWSX_RULES, then `extra_dirs`.
    `checked=False`: without building the extractors (`check_rules` does that later)."""
    return rule_loading.load_rules(extra_dirs, kinds=rule_schemas(), checked=checked)


def load_rules_at(dirs: Iterable[str | Path], checked: bool = True) -> RuleSet:
    """The rules of every registered extractor in exactly these directories (cached while unchanged)."""
    return rule_loading.load_rules_at(dirs, kinds=rule_schemas(), checked=checked)


def check_rules(rules: RuleSet) -> None:
    """Build every registered extractor from `rules` (imports spaCy): a rule error stops here."""
    rule_loading.check_rules(rules, rule_schemas())
