"""Rules as data: load, validate and layer the files in `rules/`.

A rule file `rules/<kind>.yaml` (kind: figures, dates, clusters, quotes) holds

    description: what the file is for
    lexicons:    named word lists, usable in patterns as {name} (longest first)
    fragments:   named regex pieces, usable in patterns as {name}
    rules:       a list of rules, each with a stable `id`, a `description`,
                 a `pattern` (a regex; {name} expands a lexicon or fragment),
                 extractor-specific keys, and `examples:` (text -> records)

Each extractor declares which extra keys its rules and files may carry (a KindSchema,
part of its ExtractorSpec); the loader is given the schemas, so a typo in a key is an
error, not a silently ignored rule.
Besides the YAML files, `entities.jsonl` holds spaCy EntityRuler patterns and
`userdict.txt` words jieba must keep whole.

Several directories can be layered (built-in first, then `--rules DIR` or
NEWSX_RULES): a later rule replaces an earlier one with the same id (the RuleSet
lists the built-in ones replaced, for the run's summary), other rules add;
lexicon lists are extended. Every problem is reported as
`file:line: rule <id>: message`, and loading stops before any article is read.

Nothing in a rules folder is silently ignored: a file, folder or key that no loader reads
(figures.yml, site/, a lexicon `classifer:` that no pattern uses) is an error with the
closest known name ("did you mean figures.yaml?").
"""
from __future__ import annotations

import hashlib
import json
import marshal
import os
import re
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable, Iterable, Sequence

import yaml

from pipeline import speedups
from pipeline.rules.patterns import compile_pattern
from pipeline.rules.schema import Example, KindSchema, Rule, RuleError, RuleSet, did_you_mean, unknown_names
from pipeline.speedups import regex_cache

BUILTIN_RULES_DIR = Path(__file__).resolve().parents[2] / "rules"
RULES_ENV = "NEWSX_RULES"

_COMMON_RULE_KEYS = {"id", "description", "pattern", "examples", "priority", "enabled"}
_COMMON_FILE_KEYS = {"description", "lexicons", "fragments", "rules"}
_EXAMPLE_KEYS = {"text", "published", "expect", "note"}
_ENTITY_KEYS = {"label", "pattern", "id"}         # spaCy EntityRuler's
_ID_SHAPE = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z0-9_]+)+$")


# --- YAML with line numbers -------------------------------------------------

class _LineLoader(yaml.SafeLoader):
    """SafeLoader that records each mapping's line as the key `__line__`."""


# libyaml's parser where PyYAML has it (faster at start-up); the pure-Python
# one words the errors, so a failing file is parsed again with it.
class _FastLineLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    """The same, on libyaml's parser."""


def _construct_mapping(loader, node, deep=False):
    mapping = yaml.SafeLoader.construct_mapping(loader, node, deep=deep)
    mapping["__line__"] = node.start_mark.line + 1
    return mapping


for _loader in (_LineLoader, _FastLineLoader):
    _loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def read_rule_yaml(path: Path) -> Any:
    """Parse a rule file; every mapping carries its line as `__line__` (for error messages)."""
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as e:
        raise RuleError(path, None, f"not UTF-8 text ({e.reason} at byte {e.start})") from None
    # Parsing is a good part of loading the rules: the result is kept in the cache file, as
    # marshal bytes (a fresh copy each time: callers may change what they get). A file that does
    # not parse, or holds what marshal cannot store (a YAML date), is kept as None: parsed each time.
    unstorable = []

    def parsed_as_bytes() -> bytes | None:
        try:
            data = yaml.load(text, Loader=_FastLineLoader)
        except yaml.YAMLError:
            return None
        try:
            return marshal.dumps(data)
        except ValueError:
            unstorable.append(data)
            return None

    parsed = regex_cache.remembered("rule-yaml", (hashlib.sha256(text.encode()).hexdigest(),), parsed_as_bytes,
                                    __file__)
    if parsed is not None:
        return marshal.loads(parsed)
    if unstorable:
        return unstorable[0]
    try:
        return yaml.load(text, Loader=_FastLineLoader)
    except yaml.YAMLError:
        pass
    try:
        return yaml.load(text, Loader=_LineLoader)
    except yaml.MarkedYAMLError as e:
        line = e.problem_mark.line + 1 if e.problem_mark else None
        context = f" ({e.context} started at line {e.context_mark.line + 1})" if e.context and e.context_mark else ""
        raise RuleError(path, line, f"YAML syntax: {e.problem}{context}") from None


def key_line(path: Path | str, mapping_line: int | None, key: str) -> int | None:
    """The line of `key` in the block mapping that starts at `mapping_line` (mappings carry only
    their first line; errors about one key point at it): read again only when there is an error.
    The mapping's own line when the key is not found (a flow mapping {a: 1} on one line)."""
    if not mapping_line:
        return mapping_line
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return mapping_line
    if mapping_line > len(lines):
        return mapping_line
    lead = re.compile(r"[ \t]*(?:-[ \t]+)*")
    column = lead.match(lines[mapping_line - 1]).end()      # where the mapping's keys start
    written = re.compile(rf"""(?:{re.escape(key)}|'{re.escape(key)}'|"{re.escape(key)}")[ \t]*:(?:\s|$)""")
    for n in range(mapping_line - 1, len(lines)):
        text = lines[n]
        if not text.strip() or text.lstrip().startswith("#"):
            continue
        start = lead.match(text).end() if n == mapping_line - 1 else len(text) - len(text.lstrip(" "))
        if n > mapping_line - 1 and start < column:
            break           # out of the mapping (the next item of a list, a key of the parent)
        if start == column and written.match(text, start):
            return n + 1
    return mapping_line


def refuse_unknown_keys(mapping: dict, known: Iterable[str], path: Path | str, what: str = "key(s)",
                        rule_id: str | None = None, error: type[RuleError] = RuleError) -> None:
    """Raise `error` at the line of the first key of `mapping` not in `known`, naming every such
    key with the closest known one: "unknown key(s) patern (did you mean pattern?)"."""
    known = known if isinstance(known, (set, frozenset)) else set(known)
    if all(k in known or k == "__line__" for k in mapping):
        return          # the usual case, once per rule, example and record: kept cheap
    listed = unknown_names(mapping, known)
    if listed:
        first = min((k for k in mapping if k != "__line__" and k not in known), key=str)
        raise error(path, key_line(path, mapping.get("__line__"), str(first)), f"unknown {what} {listed}", rule_id)


def strip_lines(value: Any) -> Any:
    """The parsed data without the `__line__` keys."""
    if isinstance(value, dict):
        return {k: strip_lines(v) for k, v in value.items() if k != "__line__"}
    if isinstance(value, list):
        return [strip_lines(v) for v in value]
    return value


# --- loading ----------------------------------------------------------------

def rules_dirs(extra: list[str | Path] | None = None) -> list[Path]:
    """Built-in rules, then NEWSX_RULES (os.pathsep-separated), then explicit --rules dirs."""
    dirs = [BUILTIN_RULES_DIR]
    env = os.environ.get(RULES_ENV)
    if env:
        dirs += [Path(p) for p in env.split(os.pathsep) if p]
    dirs += [Path(p) for p in (extra or [])]
    return dirs


def load_rules(extra_dirs: list[str | Path] | None = None, *, kinds: Sequence[KindSchema],
               checked: bool = True) -> RuleSet:
    """Load and validate every rule file in the layered directories, for these extractor kinds
    (`pipeline.extractors.load_rules` passes every registered extractor's). `checked=False`
    leaves out the kinds' `check` (building each extractor, which imports spaCy): `check_rules`
    does it later, once there is an article to extract from."""
    return load_rules_at(rules_dirs(extra_dirs), kinds=kinds, checked=checked)


def load_rules_at(dirs: Iterable[str | Path], *, kinds: Sequence[KindSchema], checked: bool = True) -> RuleSet:
    """The rule set of exactly these directories, in layering order (cached while files are unchanged)."""
    paths = [Path(d) for d in dirs] or rules_dirs()
    ruleset = _load_rules_cached(tuple(str(p) for p in paths), _dirs_stamp(paths), tuple(kinds),
                                 speedups.enabled())
    if checked:
        check_rules(ruleset, kinds)
    return ruleset


def check_rules(ruleset: RuleSet, kinds: Sequence[KindSchema]) -> None:
    """Run each kind's `check` (build its extractor from the rules; once per rule set): what an
    extractor compiles from its rules (a gazetteer, derived regexes) fails here, naming the file."""
    for schema in kinds:
        if schema.check is not None:
            built_from(schema.check, ruleset)
    regex_cache.save()      # the extractors' regexes compiled for the first time, for the next start-up


RULE_FILE_SUFFIXES = {".yaml", ".yml", ".jsonl", ".txt", ".toml"}


def _hash_rule_files(d: Path, digest) -> None:
    for path in sorted(d.rglob("*")):
        if path.suffix in RULE_FILE_SUFFIXES and path.is_file():
            digest.update(str(path.relative_to(d)).encode() + b"\0" + path.read_bytes())


def _dirs_stamp(dirs: list[Path]) -> tuple:
    # Cache key part: rule files' names, sizes and mtimes, so an edited file reloads.
    stamp = []
    for d in dirs:
        if d.is_dir():
            for p in sorted(d.rglob("*")):
                if p.is_file():
                    st = p.stat()
                    stamp.append((str(p), st.st_size, st.st_mtime_ns))
    return tuple(stamp)


@lru_cache(maxsize=8)
def _load_rules_cached(dir_names: tuple[str, ...], _stamp: tuple, kind_schemas: tuple[KindSchema, ...],
                       _fast: bool) -> RuleSet:
    dirs = [Path(d) for d in dir_names]
    for d in dirs[1:]:
        if not d.is_dir():
            raise RuleError(d, None, "rules directory not found")
    kinds = {schema.kind: schema for schema in kind_schemas}
    merged: dict[str, dict[str, Rule]] = {k: {} for k in kinds}
    lexicons: dict[str, dict[str, list[str]]] = {k: {} for k in kinds}
    fragments: dict[str, dict[str, str]] = {k: {} for k in kinds}
    file_data: dict[str, dict[str, Any]] = {k: {} for k in kinds}
    raw_rules: dict[str, list[tuple[dict, Path, int]]] = {k: [] for k in kinds}
    # Lexicons and fragments a user layer names: each must be a built-in one or used by a pattern.
    user_names: list[tuple[str, str, str, Path, dict]] = []     # (kind, lexicons|fragments, name, file, its mapping)
    builtin_names = {kind: {"lexicons": set(), "fragments": set()} for kind in kinds}
    entity_patterns: list[dict[str, Any]] = []
    userdict_words: list[tuple[str, int | None, str | None]] = []
    digest = hashlib.sha256()

    for layer, d in enumerate(dirs):
        if not d.is_dir():
            continue
        refuse_unknown_files(d, kind_schemas, builtin=layer == 0)
        _hash_rule_files(d, digest)
        for kind, schema in kinds.items():
            path = d / f"{kind}.yaml"
            if not path.exists():
                continue
            data = read_rule_yaml(path)
            if data is None:
                continue
            if not isinstance(data, dict):
                raise RuleError(path, 1, "a rule file is a mapping with `rules:` (and optional lexicons, fragments)")
            refuse_unknown_keys(data, _COMMON_FILE_KEYS | schema.file_keys, path, "top-level key(s)")
            for section in ("lexicons", "fragments"):
                if not isinstance(data.get(section) or {}, dict):
                    raise RuleError(path, key_line(path, data["__line__"], section),
                                    f"`{section}:` is a mapping of names (name: ...)")
                names = [name for name in data.get(section) or {} if name != "__line__"]
                if layer == 0:
                    builtin_names[kind][section].update(names)
                else:
                    user_names += [(kind, section, name, path, data[section]) for name in names]
            for name, words in (data.get("lexicons") or {}).items():
                if name == "__line__":
                    continue
                if not isinstance(words, list) or not all(isinstance(w, (str, int, float)) for w in words):
                    raise RuleError(path, key_line(path, data["lexicons"]["__line__"], str(name)),
                                    f"lexicon {name!r} must be a list of words")
                lexicons[kind].setdefault(name, [])
                lexicons[kind][name] += [str(w) for w in words if str(w) not in lexicons[kind][name]]
            for name, frag in (data.get("fragments") or {}).items():
                if name == "__line__":
                    continue
                if not isinstance(frag, str):
                    raise RuleError(path, key_line(path, data["fragments"]["__line__"], str(name)),
                                    f"fragment {name!r} must be a regex string")
                fragments[kind][name] = frag
            for key in schema.file_keys:
                if key in data:
                    file_data[kind][key] = strip_lines(data[key])
            rules = data.get("rules") or []
            if not isinstance(rules, list):
                raise RuleError(path, data["__line__"], "`rules:` must be a list")
            for raw in rules:
                raw_rules[kind].append((raw, path, layer))
        entity_path = d / "entities.jsonl"
        if entity_path.exists():
            entity_patterns += _read_entity_patterns(entity_path)
        userdict = d / "userdict.txt"
        if userdict.exists():
            userdict_words += _read_userdict(userdict)

    for kind, schema in kinds.items():
        if schema.add_lexicons is not None:
            for name, words in schema.add_lexicons(lexicons[kind]).items():
                builtin_names[kind]["lexicons"].add(name)
                known = set(lexicons[kind].get(name, []))
                lexicons[kind][name] = lexicons[kind].get(name, []) + [w for w in words if w not in known]
                digest.update(f"{kind}.{name}\0{len(words)}\0".encode() + "\0".join(words).encode())
    _refuse_unused_names(user_names, builtin_names, raw_rules, fragments)

    seen_in_file: dict[tuple[str, str], int] = {}
    replaced: list[tuple[str, str]] = []
    for kind, items in raw_rules.items():
        for raw, path, layer in items:
            rule = _build_rule(kind, kinds[kind], raw, path, lexicons[kind], fragments[kind])
            key = (str(path), rule.id)
            if key in seen_in_file:
                raise RuleError(path, rule.line, f"duplicate id (first at line {seen_in_file[key]})", rule.id)
            seen_in_file[key] = rule.line or 0
            for other_kind, other in merged.items():
                if other_kind != kind and rule.id in other:
                    raise RuleError(path, rule.line,
                                    f"id already used by a {other_kind} rule in {other[rule.id].path}", rule.id)
            earlier = merged[kind].get(rule.id)
            if layer > 0 and earlier is not None and Path(earlier.path).parent == dirs[0]:
                replaced.append((rule.id, f"{path}:{rule.line}"))
            merged[kind][rule.id] = rule  # a later directory overrides by id
    rules_by_kind = {
        kind: sorted((r for r in rules.values() if r.options.get("enabled", True) is not False),
                     key=lambda r: -r.priority)
        for kind, rules in merged.items()
    }
    ruleset = RuleSet(dirs=dirs, rules_by_kind=rules_by_kind, lexicons=lexicons, fragments=fragments,
                      file_data=file_data, entity_patterns=entity_patterns, userdict_words=userdict_words,
                      version=digest.hexdigest()[:16], replaced=replaced)
    regex_cache.save()      # the rule regexes compiled for the first time, for the next start-up
    return ruleset


# --- nothing silently ignored: files, folders, lexicon and fragment names -----------------

SITES_DIR = "sites"                  # the cleaner's site profiles (pipeline/clean/site_profiles.py)
SCRAPE_FILE = "scrape.yaml"          # article-URL patterns of `newsx scrape`: built-in folder only
LAYER_FILES = {"entities.jsonl", "userdict.txt"}


def _not_rules(entry: Path) -> bool:
    """Files no loader is meant to read and nobody expects read: documentation, hidden files
    (.git, .DS_Store), editor backups (figures.yaml~), Python's caches."""
    name = entry.name
    return (name.startswith(".") or name.endswith("~") or name == "__pycache__"
            or (entry.is_file() and (name.upper().startswith("README") or name.lower().endswith(".md"))))


def refuse_unknown_files(d: Path, kinds: Sequence[KindSchema], builtin: bool = False) -> None:
    """Raise RuleError for a file or folder of the rules folder `d` that no loader reads
    (figures.yml, site/, sites/x.json), naming the closest known name."""
    files = {f"{schema.kind}.yaml" for schema in kinds} | LAYER_FILES
    for schema in kinds:
        files |= schema.files
    if builtin:
        files.add(SCRAPE_FILE)
    holds = ", ".join(sorted(files) + [f"{SITES_DIR}/*.yaml"])
    for entry in sorted(d.iterdir()):
        if _not_rules(entry) or entry.name in files:
            continue
        if entry.is_dir() and entry.name == SITES_DIR:
            for inner in sorted(entry.iterdir()):
                if not (_not_rules(inner) or (inner.is_file() and inner.suffix in (".yaml", ".yml"))):
                    raise RuleError(inner, None, f"not read: the {SITES_DIR}/ folder holds site profiles, "
                                                 "one *.yaml file each")
            continue
        if entry.name == SCRAPE_FILE:
            raise RuleError(entry, None, f"not read: {SCRAPE_FILE} (the patterns of `newsx scrape --list`) is "
                                         "read from the built-in rules folder only; edit that one")
        if entry.is_dir():
            raise RuleError(entry, None, f"unknown folder in a rules folder{did_you_mean(entry.name, [SITES_DIR])}: "
                                         f"it is not read; a rules folder holds {holds}")
        raise RuleError(entry, None, f"unknown file in a rules folder{did_you_mean(entry.name, files)}: it is not "
                                     f"read; a rules folder holds {holds}")


def _refuse_unused_names(user_names: list[tuple[str, str, str, Path, dict]],
                         builtin_names: dict[str, dict[str, set[str]]],
                         raw_rules: dict[str, list[tuple[dict, Path, int]]],
                         fragments: dict[str, dict[str, str]]) -> None:
    """A lexicon or fragment of a user layer extends or replaces the built-in one of that name,
    or a pattern uses it as {name}; any other (`classifer:`) would be silently ignored: an error."""
    if not user_names:
        return
    used: dict[str, set[str]] = {}
    for kind, items in raw_rules.items():
        texts = [v for raw, _, _ in items if isinstance(raw, dict)
                 for k, v in raw.items() if isinstance(v, str) and k not in ("id", "description")]
        texts += list(fragments[kind].values())
        used[kind] = {m.group(1) for text in texts for m in _PLACEHOLDER.finditer(text)}
    for kind, section, name, path, mapping in user_names:
        if name in builtin_names[kind][section] or name in used[kind]:
            continue
        single = section[:-1]
        elsewhere = [k for k, by in builtin_names.items() if k != kind and name in by[section]]
        hint = (f" ({name} is a {elsewhere[0]} {single}: it goes in {elsewhere[0]}.yaml)" if elsewhere
                else did_you_mean(name, builtin_names[kind][section] | used[kind]))
        raise RuleError(path, key_line(path, mapping.get("__line__"), str(name)),
                        f"unknown {single} {name!r}: no built-in {kind} {single} has that name and no pattern "
                        f"uses {{{name}}}{hint}")


_BUILT: dict[tuple, object] = {}


def built_from(builder: Callable[["RuleSet"], object], rules: "RuleSet"):
    """`builder(rules)`, built once per rule set: the load-time check and the spaCy
    component factory share one instance (extractors keep no per-Doc state); one per rule set
    and per speedups setting (NEWSX_PLAIN)."""
    key = (builder, tuple(str(d) for d in rules.dirs), rules.version, speedups.enabled())
    if key not in _BUILT:
        _BUILT[key] = builder(rules)
    return _BUILT[key]


_PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")


def pattern_problem(pattern: str) -> str:
    """What is wrong with a pattern as its author wrote it ("" when nothing is): a regex error
    at its position in the author's text (not in the expanded pattern, thousands of characters
    long), or a repeat of a repeat (`(a+)+`, `(\\w*\\s?)*`), which can backtrack without end on
    text that almost matches. Each {placeholder} stands as one atom of the same width."""
    return regex_cache.remembered("pattern_problem", (pattern,), lambda: _pattern_problem(pattern), __file__)


def _pattern_problem(pattern: str) -> str:
    stand_in = _PLACEHOLDER.sub(lambda m: "(" + "x" * (len(m.group(0)) - 2) + ")", pattern)
    try:
        parsed = re._parser.parse(stand_in)
    except re.error as e:
        where = f" at position {e.pos} of the pattern ({pattern[max(0, e.pos - 10):e.pos]}⟨here⟩" \
                f"{pattern[e.pos:e.pos + 10]})" if e.pos is not None else ""
        return f"{e.msg}{where}"
    except (AttributeError, TypeError):      # another Python's parser: the expanded pattern's error will do
        return ""
    if _nested_repeat(parsed):
        return ("a repeated group made of a repeat, as in (a+)+, can take forever on text that almost "
                "matches: repeat once (a+)")
    return ""


def _nested_repeat(parsed) -> bool:
    """Whether a repeat's body is an unbounded repeat alone with optional items, anywhere in the pattern."""
    from re import _constants as c

    for op, arg in parsed:
        if op in (c.MAX_REPEAT, c.MIN_REPEAT, getattr(c, "POSSESSIVE_REPEAT", None)):
            low, high, body = arg
            if high == c.MAXREPEAT or high > 1:
                if _only_a_repeat(body) or _nested_repeat(body):
                    return True
        elif op == c.SUBPATTERN:
            if _nested_repeat(arg[-1]):
                return True
        elif op == c.BRANCH:
            if any(_nested_repeat(branch) for branch in arg[1]):
                return True
    return False


def _only_a_repeat(body) -> bool:
    """Whether every item of `body` may be empty but one, an unbounded repeat: (a+)+, (\\s*\\w+)*."""
    from re import _constants as c

    items = list(body)
    while len(items) == 1 and items[0][0] == c.SUBPATTERN:
        items = list(items[0][1][-1])
    unbounded = [i for i in items if i[0] in (c.MAX_REPEAT, c.MIN_REPEAT) and i[1][1] == c.MAXREPEAT]
    optional = [i for i in items if i[0] in (c.MAX_REPEAT, c.MIN_REPEAT) and i[1][0] == 0]
    required = [i for i in items if i not in optional]
    return bool(unbounded) and len(required) <= 1 and all(i in unbounded for i in required)


def _build_rule(kind: str, schema: KindSchema, raw: Any, path: Path,
                lexicons: dict[str, list[str]], fragments: dict[str, str]) -> Rule:
    if not isinstance(raw, dict):
        raise RuleError(path, None, f"each rule is a mapping, got {type(raw).__name__}: {raw!r}")
    line = raw.get("__line__")
    rule_id = raw.get("id")
    # Unknown keys first: a misspelt `idd:` is named as such, not as a rule without an id.
    refuse_unknown_keys(raw, _COMMON_RULE_KEYS | schema.rule_keys, path,
                        rule_id=rule_id if isinstance(rule_id, str) else None)
    if not isinstance(rule_id, str) or not rule_id:
        raise RuleError(path, line, "rule without an `id`")
    if not _ID_SHAPE.match(rule_id) or not rule_id.startswith(kind + "."):
        raise RuleError(path, line, f"id must look like '{kind}.some_name' (lowercase, dots)", rule_id)
    if not isinstance(raw.get("description"), str) or not raw["description"].strip():
        raise RuleError(path, line, "rule needs a short `description`", rule_id)
    pattern = raw.get("pattern")
    regex = None
    if pattern is None:
        if schema.pattern_required:
            raise RuleError(path, line, "rule needs a `pattern`", rule_id)
    else:
        if not isinstance(pattern, str):
            raise RuleError(path, line, "`pattern` must be a string", rule_id)
        problem = pattern_problem(pattern)
        if problem:
            raise RuleError(path, line, f"bad pattern: {problem}", rule_id)
        try:
            regex = compile_pattern(pattern, lexicons, fragments)
        except (re.error, ValueError) as e:
            raise RuleError(path, line, f"bad pattern: {e}", rule_id) from None
    examples = []
    for ex in raw.get("examples") or []:
        examples.append(_build_example(ex, schema, path, line, rule_id))
    if not examples:
        raise RuleError(path, line, "rule needs `examples:` (text and the records it must produce)", rule_id)
    priority = raw.get("priority", 0)
    if not isinstance(priority, int):
        raise RuleError(path, line, "`priority` must be an integer", rule_id)
    options = {k: strip_lines(v) for k, v in raw.items() if k in schema.rule_keys or k == "enabled"}
    for key, allowed in schema.rule_values.items():
        if key in options and options[key] not in allowed:
            choices = " | ".join(str(a).lower() if isinstance(a, bool) else str(a) for a in allowed)
            raise RuleError(path, line, f"`{key}` must be one of {choices}, got {options[key]!r}", rule_id)
    return Rule(id=rule_id, kind=kind, description=raw["description"].strip(), pattern=pattern, regex=regex,
                options=options, examples=examples, priority=priority, path=str(path), line=line)


def _build_example(ex: Any, schema: KindSchema, path: Path, rule_line: int | None, rule_id: str) -> Example:
    if not isinstance(ex, dict) or "text" not in ex:
        raise RuleError(path, rule_line, "each example is a mapping with `text` and `expect`", rule_id)
    line = ex.get("__line__", rule_line)
    refuse_unknown_keys(ex, _EXAMPLE_KEYS, path, "example key(s)", rule_id)
    if "expect" not in ex or not isinstance(ex["expect"], list):
        raise RuleError(path, line, "example needs `expect:` as a list of records ([] = must produce none)", rule_id)
    for rec in ex["expect"]:
        if not isinstance(rec, dict):
            raise RuleError(path, line, "each expected record is a mapping of fields", rule_id)
        if "__line__" not in rec:
            rec = {**rec, "__line__": line}
        refuse_unknown_keys(rec, schema.record_fields, path, "field(s)", rule_id)
    published = ex.get("published")
    return Example(text=str(ex["text"]), expect=strip_lines(ex["expect"]),
                   published=str(published) if published is not None else None, line=line)


def _read_entity_patterns(path: Path) -> list[dict[str, Any]]:
    patterns = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        try:
            pat = json.loads(line)
        except json.JSONDecodeError as e:
            raise RuleError(path, n, f"not a JSON object: {e.msg}") from None
        if isinstance(pat, dict) and not pat.keys() <= _ENTITY_KEYS:
            raise RuleError(path, n, f"unknown key(s) {unknown_names(pat, _ENTITY_KEYS)}", pat.get("id"))
        if not isinstance(pat, dict) or not {"label", "pattern"} <= set(pat):
            raise RuleError(path, n, "an entity pattern needs `label` and `pattern` (spaCy EntityRuler format)")
        if not isinstance(pat["pattern"], (str, list)):
            raise RuleError(path, n, "`pattern` is a phrase string or a list of token patterns", pat.get("id"))
        patterns.append(pat)
    return patterns


def _read_userdict(path: Path) -> list[tuple[str, int | None, str | None]]:
    """(word, frequency, tag) of each line "word [frequency] [pos-tag]"; a malformed line is an error."""
    words = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        parts = line.split()
        if not parts or line.lstrip().startswith("#"):
            continue
        if len(parts) > 3 or (len(parts) >= 2 and not parts[1].isdigit()):
            raise RuleError(path, n, "a jieba dictionary line is: word [frequency] [pos-tag]")
        words.append((parts[0], int(parts[1]) if len(parts) > 1 else None, parts[2] if len(parts) > 2 else None))
    return words
