"""`newsx explain`: why a text yields the records it does (sentences, tokens, entities, records)."""
from __future__ import annotations

from dataclasses import asdict

from pipeline.extractors import kinds
from pipeline.extractors.extract import extract_docs, extraction_of
from pipeline.rules import RuleSet


def explain_text(text: str, published: str | None, rules: RuleSet) -> str:
    doc = next(extract_docs([(text, published)], rules))
    lines = ["== sentences"]
    for i, sent in enumerate(doc.sents, 1):
        lines.append(f"[{i}] {sent.start_char}-{sent.end_char}  {sent.text.strip()}")
    lines.append("== tokens")
    lines.append(" | ".join(t.text for t in doc if not t.is_space))
    lines.append("== entities")
    for ent in doc.ents:
        lines.append(f"{ent.label_:<10} {ent.start_char}-{ent.end_char}  {ent.text}  (ruler {ent.ent_id_ or '-'})")
    for name, group in doc.spans.items():
        if name not in kinds():
            for span in group:
                lines.append(f"{span.label_:<10} {span.start_char}-{span.end_char}  {span.text}  ({name})")
    extraction = extraction_of(doc)
    for kind in kinds():
        records = getattr(extraction, kind)
        lines.append(f"== {kind}: {len(records)}")
        for r in records:
            fields = {k: v for k, v in asdict(r).items() if k not in ("sentence", "rule", "start", "end")}
            shown = ", ".join(f"{k}={v}" for k, v in fields.items() if v not in ("", None))
            lines.append(f"{r.start}-{r.end}  [{r.rule}]  {shown}")
    lines.append(f"== rules version {rules.version} from {', '.join(str(d) for d in rules.dirs)}")
    return "\n".join(lines)
