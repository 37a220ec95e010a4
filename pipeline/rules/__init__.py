"""Rules as data: the files in `rules/` loaded, validated and layered (load), what they become
(schema), how their patterns expand (patterns), and records per rule in an output (stats).

Which rule files exist is the extractors' business: each declares its KindSchema, and
`pipeline.extractors.load_rules()` loads the rules of all of them.
"""
from pipeline.rules.load import (
    BUILTIN_RULES_DIR,
    built_from,
    check_rules,
    key_line,
    load_rules,
    load_rules_at,
    read_rule_yaml,
    refuse_unknown_keys,
    rules_dirs,
    strip_lines,
)
from pipeline.rules.patterns import compile_pattern, expand_pattern, lexicon_regex
from pipeline.rules.schema import Example, KindSchema, Rule, RuleError, RuleSet, did_you_mean, unknown_names

__all__ = ["BUILTIN_RULES_DIR", "Example", "KindSchema", "Rule", "RuleError", "RuleSet", "built_from", "check_rules",
           "compile_pattern", "did_you_mean", "expand_pattern", "key_line", "lexicon_regex", "load_rules",
           "load_rules_at", "read_rule_yaml", "refuse_unknown_keys", "rules_dirs", "strip_lines", "unknown_names"]
