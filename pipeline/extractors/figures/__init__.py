"""Figures: numbers with their units, values normalised (rules/figures.yaml; the component in
extractor.py, metric and subject in context.py, the numbers themselves in ../numbers.py)."""
from pipeline.extractors.numbers import parse_number
from pipeline.extractors.registry import register
from pipeline.extractors.scoring import Scorer, norm_unit, to_float
from pipeline.extractors.spec import ExtractorSpec, GoldError, GoldForm, MarkField, ReviewView
from pipeline.records import FigureRecord, columns
from pipeline.rules import KindSchema, built_from


def _check(rules):
    from pipeline.extractors.figures.extractor import FigureExtractor

    return built_from(FigureExtractor, rules)


def figure_ok(g: dict, p: dict) -> bool:
    pv, gv = to_float(p.get("value")), float(g["value"])
    if pv is None:
        return False
    close = abs(pv - gv) <= 0.005 * max(abs(gv), 1e-9)
    return close and norm_unit(p.get("unit")) == norm_unit(g["unit"])


def plain_number(x):
    """Integral values as int so the JSON reads 137860000000, not 137860000000.0."""
    return int(x) if x is not None and x == int(x) and abs(x) < 1e18 else x


def gold_figure(row: dict) -> dict:
    return {"text": row.get("text", ""), "value": plain_number(to_float(row.get("value"))),
            "unit": row.get("unit", ""), "approx": row.get("approx") or None}


def missing_figure(fields: dict) -> dict:
    """A figure the reviewer added: value and unit as typed, else read from the selected text (36.6亿元)."""
    text = fields.get("text", "").strip()
    typed = (fields.get("value") or "").strip()
    value = to_float(typed) if typed else None
    if value is None and typed:
        value = parse_number(typed)
    unit = (fields.get("unit") or "").strip()
    if value is None:
        value, guessed_unit = split_number_unit(text)
        unit = unit or guessed_unit
    if value is None:
        raise GoldError("has no value (type it in the review page's value field)")
    return {"text": text, "value": plain_number(value), "unit": unit, "approx": fields.get("approx") or None}


def split_number_unit(text: str) -> tuple[float | None, str]:
    """The longest leading number (multipliers included) and what follows it: 36.6亿元 -> (3660000000, 元)."""
    for cut in range(len(text), 0, -1):
        value = parse_number(text[:cut])
        if value is not None:
            return value, text[cut:].strip()
    return None, ""


SPEC = register(ExtractorSpec(
    kind="figures",
    record_type=FigureRecord,
    rule_schema=KindSchema(kind="figures", record_fields=set(columns(FigureRecord)),
                           rule_keys={"unit", "not_a_figure", "counts_list"},
                           rule_values={"not_a_figure": (True, False), "counts_list": (True, False)},
                           file_keys={"unit_aliases"}, check=_check),
    components=("newsx_figures",),
    component_module="pipeline.extractors.figures.extractor",
    order=20,      # after dates: a number that dates took is not a figure
    scorers=(Scorer("figures", ok=figure_ok,
                    detail=lambda r: (r.get("text") or "")[:40] + "|" + str(r.get("value")),
                    agreement=("approx qualifier", lambda g, p: (g.get("approx") or "") == (p.get("approx") or ""))),),
    review=ReviewView(head="text", color="#ffe08a", edge="#c99200", summary=("value", "unit", "approx"),
                      numeric=("value",),
                      mark_fields=(MarkField("value", placeholder="137860000000 or 1378.6亿"),
                                   MarkField("unit", placeholder="元, 家, %"),
                                   MarkField("approx", choices=("", "more_than", "about", "less_than"))),
                      # a short run starting with a number, unless it names a cluster (tried after dates)
                      suggest=r"^(?![\s\S]*(集群|谷$))(?=[\d０-９.．,，一二三四五六七八九十两百千万亿])[\s\S]{1,19}$"),
    gold=GoldForm(from_row=gold_figure, from_mark=missing_figure),
))
