"""Clusters: named industrial clusters and their canonical names (rules/clusters.yaml).

Names come from the gazetteer (known clusters with aliases) and from regex
rules whose `name` group captures place + industry + 集群. The canonical form
is the gazetteer's name, else the name with 市 and 产业 removed.
"""
from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from pipeline.extractors.matching import find_matches
from pipeline.records import ClusterRecord, columns
from pipeline.rules import KindSchema, RuleSet, load_rules_at, register_kind
from pipeline.sentences import sentence_at

register_kind(KindSchema(kind="clusters", record_fields=set(columns(ClusterRecord)), rule_keys=set(),
                         file_keys={"gazetteer"}))


def normalised_name(name: str) -> str:
    """杭州市数字安防产业集群 -> 杭州数字安防集群 (writers add and drop 市 and 产业 freely)."""
    return name.replace("市", "").replace("产业", "")


class ClusterExtractor:
    def __init__(self, rules: RuleSet):
        self.rules = rules.rules("clusters")
        self.canonical_by_key: dict[str, str] = {}
        for entry in rules.file_data.get("clusters", {}).get("gazetteer", []):
            canonical = entry["canonical"]
            for name in [canonical, *entry.get("aliases", [])]:
                self.canonical_by_key[normalised_name(name)] = canonical

    def __call__(self, doc: Doc) -> Doc:
        records, spans = doc._.records["clusters"], []
        for rm in find_matches(self.rules, doc.text):
            groups = rm.match.groupdict()
            group = "name" if groups.get("name") else 0
            start, end = rm.match.start(group), rm.match.end(group)
            name = doc.text[start:end]
            canonical = self.canonical_by_key.get(normalised_name(name), normalised_name(name))
            records.append(ClusterRecord(name=name, canonical=canonical, start=start, end=end,
                                         sentence=sentence_at(doc, start)[2], rule=rm.rule.id))
            span = doc.char_span(start, end, label=rm.rule.id, alignment_mode="expand")
            if span is not None:
                spans.append(span)
        doc.spans["clusters"] = spans
        return doc


@Language.factory("newsx_clusters", default_config={"rules_dirs": []})
def make_cluster_extractor(nlp: Language, name: str, rules_dirs: list[str]) -> ClusterExtractor:
    return ClusterExtractor(load_rules_at(rules_dirs))
