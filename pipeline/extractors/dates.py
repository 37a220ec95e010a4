"""Dates: calendar expressions -> ISO 8601 values (rules/dates.yaml).

A rule's regex names its parts: `year`, `month`, `day`, and `rel_year`
(今年, 去年… resolved against the publication date). A month or day with no
year takes the publication year, else `XXXX`.
"""
from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from pipeline.extractors.matching import find_matches
from pipeline.numbers import parse_number
from pipeline.records import DateRecord, columns
from pipeline.rules import KindSchema, RuleSet, load_rules_at, register_kind
from pipeline.sentences import sentence_at

register_kind(KindSchema(kind="dates", record_fields=set(columns(DateRecord)), rule_keys={"repaired"},
                         file_keys={"relative_years"}))


def _year_of(published: str | None) -> int | None:
    if published and len(published) >= 4 and published[:4].isdigit():
        return int(published[:4])
    return None


def _part(value: str | None) -> int | None:
    if not value:
        return None
    number = parse_number(value)
    return int(number) if number is not None else None


def date_value(groups: dict[str, str | None], published: str | None, relative_years: dict[str, int]) -> str | None:
    """ISO value of a matched date, or None when the parts are not a valid date."""
    year, month, day = _part(groups.get("year")), _part(groups.get("month")), _part(groups.get("day"))
    if year is not None and year < 100 and groups.get("year") and len(groups["year"]) == 2:
        year += 2000
    rel = groups.get("rel_year")
    if rel:
        base = _year_of(published)
        year = base + relative_years.get(rel, 0) if base is not None else None
        if year is None and month is None:
            return None
    if month is not None and not 1 <= month <= 12:
        return None
    if day is not None and not 1 <= day <= 31:
        return None
    if year is None and month is None:
        return None
    if year is None:
        year_text = str(_year_of(published)) if _year_of(published) else "XXXX"
    else:
        year_text = f"{year:04d}"
    value = year_text
    if month is not None:
        value += f"-{month:02d}"
        if day is not None:
            value += f"-{day:02d}"
    return value


class DateExtractor:
    def __init__(self, rules: RuleSet):
        self.rules = rules.rules("dates")
        self.relative_years = rules.file_data.get("dates", {}).get("relative_years", {})

    def __call__(self, doc: Doc) -> Doc:
        records, spans = doc._.records["dates"], []
        for rm in find_matches(self.rules, doc.text):
            value = date_value(rm.match.groupdict(), doc._.published, self.relative_years)
            if value is None:
                continue
            start, end = rm.start, rm.end
            records.append(DateRecord(text=doc.text[start:end], value=value, start=start, end=end,
                                      sentence=sentence_at(doc, start)[2], rule=rm.rule.id))
            span = doc.char_span(start, end, label=rm.rule.id, alignment_mode="expand")
            if span is not None:
                spans.append(span)
        doc.spans["dates"] = spans
        return doc


@Language.factory("newsx_dates", default_config={"rules_dirs": []})
def make_date_extractor(nlp: Language, name: str, rules_dirs: list[str]) -> DateExtractor:
    return DateExtractor(load_rules_at(rules_dirs))
