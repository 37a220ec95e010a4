"""What rules are once loaded (Rule, Example, RuleSet), what an extractor accepts in its rule
file (KindSchema), and the error that names the file, the line and the rule."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable


class RuleError(ValueError):
    """A rule file is malformed; the message names the file, the line and the rule."""

    def __init__(self, path: Path | str, line: int | None, message: str, rule_id: str | None = None):
        self.path, self.line, self.rule_id = str(path), line, rule_id
        where = f"{path}:{line}" if line else f"{path}"
        who = f" rule {rule_id}:" if rule_id else ""
        super().__init__(f"{where}:{who} {message}")


@dataclass(eq=False)
class KindSchema:
    """What an extractor accepts in its rule file."""
    kind: str
    record_fields: set[str]
    rule_keys: set[str] = field(default_factory=set)     # beyond the common ones
    # The values some of those keys may take (speaker_from: previous | subject): a typo is an
    # error at load time, not a rule that silently behaves like a plain one.
    rule_values: dict[str, tuple] = field(default_factory=dict)
    file_keys: set[str] = field(default_factory=set)     # beyond the common ones
    pattern_required: bool = True
    # Builds the extractor from a loaded RuleSet: what it compiles (a gazetteer, derived
    # regexes) is checked at load time, so its errors stop a run before any article.
    check: Callable[["RuleSet"], object] | None = None
    # Word lists from data outside the rule files (a package's place names), given the files'
    # lexicons of this kind (which may list exceptions); the words join the files' lists of the
    # same name, so a rule file can still extend them.
    add_lexicons: Callable[[dict[str, list[str]]], dict[str, list[str]]] | None = None


@dataclass
class Example:
    text: str
    expect: list[dict[str, Any]]      # records (a subset of their fields); [] = must produce none
    published: str | None = None
    line: int | None = None


@dataclass
class Rule:
    id: str
    kind: str
    description: str
    pattern: str | None
    regex: re.Pattern | None
    options: dict[str, Any]           # the extractor-specific keys
    examples: list[Example]
    priority: int
    path: str
    line: int | None


@dataclass
class RuleSet:
    dirs: list[Path]
    rules_by_kind: dict[str, list[Rule]]
    lexicons: dict[str, dict[str, list[str]]]          # kind -> name -> words
    fragments: dict[str, dict[str, str]]               # kind -> name -> regex
    file_data: dict[str, dict[str, Any]]               # kind -> extra top-level keys (e.g. a gazetteer)
    entity_patterns: list[dict[str, Any]]
    userdict_words: list[tuple[str, int | None, str | None]]   # userdict.txt lines: word, frequency, tag
    version: str                                       # hash of every rule file's bytes

    def rules(self, kind: str) -> list[Rule]:
        return self.rules_by_kind.get(kind, [])

    def rule(self, rule_id: str) -> Rule | None:
        for rules in self.rules_by_kind.values():
            for r in rules:
                if r.id == rule_id:
                    return r
        return None

    def lexicon(self, kind: str, name: str) -> list[str]:
        return self.lexicons.get(kind, {}).get(name, [])

    def all_rules(self) -> list[Rule]:
        return [r for rules in self.rules_by_kind.values() for r in rules]
