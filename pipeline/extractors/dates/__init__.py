"""Dates: calendar expressions -> ISO 8601 values (rules/dates.yaml; the component in extractor.py)."""
from pipeline.extractors.registry import register
from pipeline.extractors.scoring import Scorer, norm
from pipeline.extractors.spec import ExtractorSpec, GoldError, GoldForm, MarkField, ReviewView
from pipeline.records import DateRecord, columns
from pipeline.rules import KindSchema, built_from


def _check(rules):
    from pipeline.extractors.dates.extractor import DateExtractor

    return built_from(DateExtractor, rules)


def missing_date(fields: dict) -> dict:
    value = (fields.get("value") or "").strip()
    if not value:
        raise GoldError("has no ISO value (type it in the review page's value field, e.g. 2022-06)")
    return {"text": fields.get("text", ""), "value": value}


SPEC = register(ExtractorSpec(
    kind="dates",
    record_type=DateRecord,
    rule_schema=KindSchema(kind="dates", record_fields=set(columns(DateRecord)), rule_keys={"repaired"},
                           rule_values={"repaired": (True, False)},
                           file_keys={"relative_years", "relative_months", "era_first_years",
                                      "sexagenary_events"}, check=_check),
    components=("newsx_dates",),
    component_module="pipeline.extractors.dates.extractor",
    order=10,
    scorers=(Scorer("dates", ok=lambda g, p: norm(p.get("value")) == norm(g["value"]),
                    detail=lambda r: (r.get("text") or "")[:40] + "|" + str(r.get("value"))),),
    review=ReviewView(head="text", color="#c4dcff", edge="#2f6fd6", summary=("value",),
                      mark_fields=(MarkField("value", placeholder="ISO 8601: 2022-06"),),
                      suggest=r"^\d{4}年|^\d{1,2}月"),
    gold=GoldForm(from_row=lambda r: {"text": r.get("text", ""), "value": r.get("value", "")},
                  from_mark=missing_date),
))
