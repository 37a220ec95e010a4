"""Running the `examples:` of every rule: the rules' own tests, shared by `newsx rules test` and pytest.

An example passes when each expected record (a subset of fields) is among the
records of the rule's kind that *this rule* produced from the example text; an
example with `expect: []` passes when the text yields no record of that kind.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass

from pipeline.rules import Example, Rule, RuleSet


@dataclass
class ExampleResult:
    rule_id: str
    where: str         # file:line of the example (or of its rule)
    text: str
    passed: bool
    diff: str          # what was expected and what came out, when it failed

    @property
    def file(self) -> str:
        return self.where.rsplit(":", 1)[0]


def field_matches(expected, actual) -> bool:
    if isinstance(expected, (int, float)) and not isinstance(expected, bool):
        try:
            a = float(actual)
        except (TypeError, ValueError):
            return False
        return abs(a - expected) <= 1e-6 * max(abs(expected), 1)
    if expected is None:
        return actual in (None, "")
    return str(expected) == str(actual)


def record_matches(expected: dict, record: dict) -> bool:
    return all(field_matches(v, record.get(k)) for k, v in expected.items())


def _short(record: dict, fields: set[str]) -> dict:
    keep = fields | {"text", "value", "rule", "name", "speaker", "quote"}
    return {k: v for k, v in record.items() if k in keep and k in record}


def check_example(rule: Rule, example: Example, rules: RuleSet) -> ExampleResult:
    from pipeline.extractors.extract import extract  # the NLP stage: only for extraction rules

    produced = [asdict(r) for r in getattr(extract(example.text, example.published, rules), rule.kind)]
    if not example.expect:
        ok = not produced
        diff = "" if ok else f"expected no {rule.kind}, got: {[_short(r, set()) for r in produced]}"
        return _result(rule, example, ok, diff)
    own = [r for r in produced if r.get("rule") == rule.id]
    missing = [e for e in example.expect if not any(record_matches(e, r) for r in own)]
    if not missing:
        return _result(rule, example, True, "")
    fields = {k for e in example.expect for k in e}
    got = [_short(r, fields) for r in produced]
    return _result(rule, example, False, f"missing {missing}; got {got}")


def _result(rule: Rule, example: Example, passed: bool, diff: str) -> ExampleResult:
    return ExampleResult(rule.id, f"{rule.path}:{example.line}", example.text, passed, diff)


def run_examples(rules: RuleSet) -> list[ExampleResult]:
    """The examples of the extraction rules (figures, dates, clusters, quotes)."""
    return [check_example(rule, ex, rules) for rule in rules.all_rules() for ex in rule.examples]


def run_url_examples() -> list[ExampleResult]:
    """The examples of the article-URL rules in rules/scrape.yaml (one result per rule)."""
    from pipeline.acquire.article_urls import DEFAULT_RULES_PATH
    from pipeline.acquire.article_urls import load_rules as load_url_rules

    url_rules = load_url_rules()
    results = []
    for rule in url_rules.sites + url_rules.generic:
        failures = rule.example_failures()
        diff = "; ".join(f"{url}: {reason}" for url, reason in failures)
        results.append(ExampleResult(rule.id, str(DEFAULT_RULES_PATH), f"{len(rule.match_examples)} URLs",
                                     not failures, diff))
    return results


def run_site_examples(rules: RuleSet) -> list[ExampleResult]:
    """The examples of the cleaner's site profiles in each layer's sites/ (one result per example page)."""
    from pipeline.clean.profile_examples import example_failures
    from pipeline.clean.site_profiles import site_profiles

    profiles = site_profiles(rules)
    results = []
    for profile in profiles:
        for example in profile.examples:
            failures = example_failures(profile, example, profiles)
            results.append(ExampleResult(profile.id, f"{profile.path}:{example.get('line')}",
                                         example.get("title") or example.get("body", "")[:40],
                                         not failures, "; ".join(failures)))
    return results


def run_all_examples(rules: RuleSet) -> list[ExampleResult]:
    """Every example of every rule file in rules/: what `newsx rules test` runs."""
    return run_examples(rules) + run_url_examples() + run_site_examples(rules)


def run_file_examples(rules: RuleSet, files: list[str]) -> list[ExampleResult]:
    """The examples of these rule files only (`newsx rules test FILE...`): the NLP stage is loaded
    only when one of them is an extraction rule file (the URL rules and site profiles need none)."""
    wanted = {_same_file_key(f) for f in files}
    results = []
    rules_in_files = [r for r in rules.all_rules() if _same_file_key(r.path) in wanted]
    if rules_in_files:
        from pipeline.extractors import check_rules

        check_rules(rules)
    results += [check_example(rule, ex, rules) for rule in rules_in_files for ex in rule.examples]
    from pipeline.acquire.article_urls import DEFAULT_RULES_PATH

    if _same_file_key(DEFAULT_RULES_PATH) in wanted:
        results += run_url_examples()
    from pipeline.clean.site_profiles import site_profiles

    if any(_same_file_key(p.path) in wanted for p in site_profiles(rules)):
        results += [r for r in run_site_examples(rules) if _same_file_key(r.file) in wanted]
    return results


def _same_file_key(path) -> str:
    import os

    return os.path.realpath(path)
