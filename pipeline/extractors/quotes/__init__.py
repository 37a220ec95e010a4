"""Quotes: who said what (rules/quotes.yaml; names near speech cues tagged by LAC in
speaker_names.py, speaker phrases parsed in speakers.py, the component in extractor.py)."""
from pipeline.extractors.registry import register
from pipeline.extractors.scoring import Scorer, norm, text_overlap
from pipeline.extractors.spec import ExtractorSpec, GoldForm, MarkField, ReviewView
from pipeline.records import QuoteRecord, columns
from pipeline.rules import KindSchema, built_from


def _check(rules):
    from pipeline.extractors.quotes.extractor import QuoteExtractor

    return built_from(QuoteExtractor, rules)


def speaker_ok(g: dict, p: dict) -> bool:
    sp, ti, og = (norm(p.get(k)) for k in ("speaker", "title", "org"))
    who = "|".join((sp + ti + og, og + ti + sp))  # the split between title and org may fall anywhere
    if g.get("speaker"):
        return norm(g["speaker"]) in who
    parts = [norm(g.get("org")), norm(g.get("title"))]
    return all(x in who for x in parts if x)


def quote_text_ok(g: dict, p: dict) -> bool:
    return text_overlap(g["quote"], p.get("quote")) >= 0.6


def quote_ok(g: dict, p: dict) -> bool:
    return quote_text_ok(g, p) and speaker_ok(g, p)


def gold_quote(row: dict) -> dict:
    return {"speaker": row.get("speaker") or None, "title": row.get("title", ""), "org": row.get("org", ""),
            "quote": row.get("quote", ""), "kind": row.get("kind") or "direct"}


def missing_quote(fields: dict) -> dict:
    """A quote the reviewer added: its words are the selected text unless typed."""
    return gold_quote({**fields, "quote": fields.get("quote") or fields.get("text", ""),
                       "kind": fields.get("quote_kind")})


SPEC = register(ExtractorSpec(
    kind="quotes",
    record_type=QuoteRecord,
    rule_schema=KindSchema(kind="quotes", record_fields=set(columns(QuoteRecord)),
                           rule_keys={"kind", "speaker_from", "speaker_must_be", "take_along", "zero_subject", "turn"},
                           rule_values={"kind": ("direct", "indirect"),
                                        "speaker_from": ("previous", "context", "subject", "issuer"),
                                        "speaker_must_be": ("person", "role", "organisation"),
                                        "take_along": (True, False), "zero_subject": ("sentence_person",),
                                        "turn": ("heading", "question", "answer", "continued")},
                           check=_check),
    components=("newsx_ner", "newsx_quotes"),     # LAC names around the speech cues, then the quotes
    component_module="pipeline.extractors.quotes.extractor",
    order=40,
    scorers=(Scorer("quotes", ok=quote_ok, detail=lambda r: (r.get("quote") or "")[:40]),
             Scorer("quote_texts", ok=quote_text_ok)),
    review=ReviewView(head="quote", color="#f1dcfb", edge="#a451d1", summary=("speaker", "title", "org", "kind", "cue"),
                      mark_fields=("speaker", "title", "org", MarkField("quote_kind", label="kind",
                                                                        choices=("direct", "indirect"), column="kind")),
                      long=("quote",), encloses=True, head_at_offsets=False, suggest=""),
    gold=GoldForm(from_row=gold_quote, from_mark=missing_quote),
))
