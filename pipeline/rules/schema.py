"""What rules are once loaded (Rule, Example, RuleSet), what an extractor accepts in its rule
file (KindSchema), and the error that names the file, the line and the rule."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable


class RuleError(ValueError):
    """A rule file is malformed; the message names the file, the line and the rule."""

    def __init__(self, path: Path | str, line: int | None, message: str, rule_id: str | None = None):
        self.path, self.line, self.rule_id = str(path), line, rule_id
        where = f"{path}:{line}" if line else f"{path}"
        who = f" rule {rule_id}:" if rule_id else ""
        super().__init__(f"{where}:{who} {message}")


def did_you_mean(name: str, known: Iterable[str]) -> str:
    """The words ` (did you mean X?)` for the known name closest to a misspelt one; "" when none is close."""
    import difflib  # only when there is an error to word: not at every start-up

    close = difflib.get_close_matches(str(name), sorted(set(known)), n=1)
    return f" (did you mean {close[0]}?)" if close else ""


def unknown_names(names: Iterable[str], known: Iterable[str]) -> str:
    """The names not in `known`, each with its closest known name, and the allowed names when
    none is close: `patern (did you mean pattern?)`. "" when every name is known."""
    known = set(known) - {"__line__"}
    unknown = sorted(str(n) for n in names if n != "__line__" and n not in known)
    if not unknown:
        return ""
    hints = [did_you_mean(n, known) for n in unknown]
    listed = ", ".join(n + hint for n, hint in zip(unknown, hints))
    return listed if any(hints) else f"{listed} (allowed: {', '.join(sorted(known))})"


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
    # Other files of a rules folder this kind reads (its own loader does): any other file is refused.
    files: set[str] = field(default_factory=set)
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
    # Built-in rules a later layer replaces (same id): (id, "file:line" of the replacing rule).
    replaced: list[tuple[str, str]] = field(default_factory=list)

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
