"""Which cluster a figure or a quote is about, inside one article.

A link joins a figure or a quote to the canonical name of a cluster the article names, and says
how it was made (`ClusterLink.link`):

- `subject`: the figure's `subject` names the cluster (合肥智能语音集群2021年主营业务收入1378.6亿元);
- `same_sentence`: the figure's sentence names the cluster before it, or a quote or its
  sentence names it;
- `anaphora`: the sentence refers back to a cluster named earlier: 该集群, 集群 opening a clause
  (目前集群已…), the industry without the place (数字安防产业集群 after 杭州数字安防集群),
  全市…集群, or the cluster's place as the actor of a clause after its industry (国内工程机械前5强，
  长沙占据3席: 长沙 stands for 长沙工程机械).

Links are derived from the records and the body alone, so they are computed where the records
are stored (the output stage, pipeline/batch/cluster_facts.py), not by a spaCy component: any
extracted/ folder can be linked again without its pages or the models, a change to the linking
does not reprocess the articles, and the links never become a record kind of their own in
the contract files, the review page or the evaluation.

Precision comes first (analysts would rather miss a figure than read another cluster's):
- a figure that counts clusters (15个集群, 产业集群16个) belongs to none;
- a figure whose subject is some other body (长沙工程机械行业协会, 全国) is not the cluster's;
- a figure after a list of several clusters (A、B、C等) is the list's, not the last one's;
- a name that modifies an event or a body (中国声谷产业发展高峰论坛) does not own the figures after it;
- a sentence that speaks of clusters in general (数字产业集群, 国家先进制造业集群) resolves no
  anaphora.
The words come from rules/clusters.yaml (lexicons `link_*`, `this_city_words`, the places).
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass

from pipeline.nlp.sentence_split import sentence_boundaries
from pipeline.records import ClusterLink
from pipeline.rules import RuleSet, compile_pattern, lexicon_regex
from pipeline.speedups.regex_cache import compile_regex

CLUSTER_WORD = "集群"
INDUSTRY_WORD = "产业"
# What ends a clause for linking (a list's 、 does not: 新材料、汽车及零部件 is one clause).
CLAUSE_BREAK = compile_regex(r"[，,；;。：:！？!?\n]")
# What joins the members of a list of clusters.
LIST_JOINER = compile_regex(r"(?:、|和|与|及|以及|，|,)?")
# How far after a counting figure its counted noun may end (6个具有竞争优势、发展潜力大的产业集群).
COUNTED_NOUN_MAX = 30
# How many sentences back an anaphor may find the cluster it refers to.
ANAPHORA_REACH = 3
# The longest run of words between a name and the event or body it modifies (中国声谷 + 产业发展高峰 + 论坛).
MODIFIER_GAP = 8
# The longest verb between a place standing for its industry and its figure (长沙占据3席, 苏州有4家).
PLACE_VERB_MAX = 3
# Characters that open a clause before a bare 集群 (“集群以…, ，集群共…).
CLAUSE_OPENERS = "，,；;。：:！？!?\n“「『(（ \u3000"
HAN_OR_LATIN = compile_regex(r"[\u4e00-\u9fffA-Za-z0-9]")
HAN_ONLY = compile_regex(r"[\u4e00-\u9fff]+")


@dataclass(frozen=True)
class ClusterRef:
    """A place in the body that refers to one cluster."""
    start: int
    end: int
    canonical: str
    back: bool = False        # a reference back (该集群, 数字安防产业集群), not a name
    modifier: bool = False    # the name modifies an event or a body (中国声谷…论坛)
    actor: bool = False       # the cluster's place opening a clause after its industry (…，长沙占据3席)


class ClusterLinker:
    """Links the figures and quotes of one article to its clusters (rules: rules/clusters.yaml)."""

    def __init__(self, rules: RuleSet):
        lexicons = rules.lexicons.get("clusters", {})
        fragments = rules.fragments.get("clusters", {})
        self.determiners = tuple(lexicons.get("link_back_determiners", []))
        self.openers = tuple(lexicons.get("link_clause_openers", []))
        self.own_scopes = set(lexicons.get("link_own_scopes", []))
        self.count_units = set(lexicons.get("link_count_units", []))
        self.city_words = tuple(lexicons.get("this_city_words", []))
        # 该(产业)集群; a bare 集群 opening a clause, or after an opener word that does (目前集群已…)
        # (^ is the body's start: the search window is the 16 characters before 集群)
        openers = re.escape(CLAUSE_OPENERS)
        parts = [f"(?:^|[{openers}])" + (f"(?:{lexicon_regex(list(self.openers))})?" if self.openers else "") + "$"]
        if self.determiners:
            parts.append(f"(?:{lexicon_regex(list(self.determiners))})(?:产业)?$")
        self.points_back = compile_regex("|".join(parts))
        self.city_word = compile_regex(lexicon_regex(list(self.city_words))) if self.city_words else None
        events = lexicons.get("link_event_heads", [])
        self.event_after = compile_regex(f"[\\u4e00-\\u9fff]{{0,{MODIFIER_GAP}}}?(?:{lexicon_regex(events)})") \
            if events else None
        counted_before = lexicons.get("link_count_verbs", [])
        # …产业集群16个, 集群数量达到16个: the figure counts the clusters just before it.
        self.counts_before = compile_regex(
            f"集群(?:数量|总数)?(?:{lexicon_regex(counted_before)})?$" if counted_before else "集群(?:数量|总数)?$")
        self.name_parts = compile_pattern("^(?P<place>{place_words})的?(?P<industry>.+?)(?:产业)?集群$",
                                          lexicons, fragments) \
            if "place_words" in fragments else None
        self._forms_cache: dict[str, tuple[tuple[str, ...], tuple[str, ...], str]] = {}
        # a county-level place written without 县/市 after another place (温州乐清电气: 乐清)
        self.short_place = compile_pattern("^(?:{short_place})", lexicons, fragments) \
            if "short_place" in fragments else None

    # --- the references to clusters in a body --------------------------------------------

    def cluster_forms(self, clusters: list) -> dict[str, tuple[set[str], set[str], set[str]]]:
        """canonical -> (names without 集群: 长沙工程机械; industries: 工程机械; places: 长沙), from its
        mentions."""
        forms: dict[str, tuple[set[str], set[str], set[str]]] = {}
        for c in clusters:
            cores, industries, places = forms.setdefault(c.canonical, (set(), set(), set()))
            for name in (c.name, c.canonical):
                name_cores, name_industries, place = self._name_forms(name)
                cores.update(name_cores)
                industries.update(name_industries)
                if place:
                    places.add(place)
        return forms

    def _name_forms(self, name: str) -> tuple[tuple[str, ...], tuple[str, ...], str]:
        """The forms of one name (kept: the same names recur across articles)."""
        known = self._forms_cache.get(name)
        if known is not None:
            return known
        cores, industries, place = (), (), ""
        parts = self.name_parts.match(name) if self.name_parts and name.endswith(CLUSTER_WORD) else None
        if parts:
            # a place and an industry name the cluster even without 集群: 长沙工程机械, 长沙市工程机械, 长沙的工程机械
            place = parts["place"].removesuffix("市")
            industries = tuple(self._industries(parts["industry"]))
            variants = {_without_cluster_word(name)}
            if industries:
                variants |= {place + middle + industries[0] for middle in ("", "市", "的", "市的")}
            cores = tuple(v for v in variants if len(v) >= 4 and v != name)
        if len(self._forms_cache) > 100_000:
            self._forms_cache.clear()
        self._forms_cache[name] = (cores, industries, place)
        return cores, industries, place

    def _industries(self, industry: str) -> list[str]:
        """The industry of a name, and what is left of it without each further place it starts with
        (温州 + 乐清电气 -> 乐清电气, 电气)."""
        out = []
        while True:
            industry = industry.lstrip("的")
            industry = industry[:-2] if industry.endswith(INDUSTRY_WORD) else industry
            if len(industry) < 2:
                return out
            out.append(industry)
            parts = self.name_parts.match(industry + CLUSTER_WORD)
            if parts and parts["industry"] != industry:
                industry = parts["industry"]
                continue
            short = self.short_place.match(industry) if self.short_place else None
            if not short or short.end() >= len(industry):
                return out
            industry = industry[short.end():]

    def references(self, body: str, clusters: list) -> tuple[list[ClusterRef], list[int], list[int]]:
        """The names of clusters (mentions, and their place + industry written without 集群), the
        industries written as a cluster (数字安防产业集群), and, unresolved, the anaphors (该集群,
        集群 opening a clause) and the generic uses of 集群, by position."""
        refs = [ClusterRef(c.start, c.end, c.canonical) for c in clusters if 0 <= c.start < c.end <= len(body)]
        taken = sorted((r.start, r.end) for r in refs)
        forms = self.cluster_forms(clusters)
        for canonical, (cores, _, _) in forms.items():
            for core in cores:
                i = body.find(core)
                while i >= 0:
                    if not _overlaps(taken, i, i + len(core)):
                        refs.append(ClusterRef(i, i + len(core), canonical))
                    i = body.find(core, i + len(core))
        taken = sorted((r.start, r.end) for r in refs)
        industries: dict[str, set[str]] = {}
        for canonical, (_, inds, _) in forms.items():
            for industry in inds:
                industries.setdefault(industry, set()).add(canonical)
        anaphors, generic = [], []
        i = body.find(CLUSTER_WORD)
        while i >= 0:
            if not _overlaps(taken, i, i + 2):
                ref = self._back_reference(body, i, industries)
                if ref is not None:
                    if ref.canonical:
                        refs.append(ref)
                    else:
                        generic.append(i)      # an industry two of the article's clusters share
                elif self._is_anaphor(body, i):
                    anaphors.append(i)
                else:
                    generic.append(i)
            i = body.find(CLUSTER_WORD, i + 2)
        refs = [self._as_modifier(body, r) for r in refs]
        refs.sort(key=lambda r: (r.start, r.end))
        return refs, anaphors, generic

    def _back_reference(self, body: str, i: int, industries: dict[str, set[str]]) -> ClusterRef | None:
        """数字安防(产业)集群 ending at i+2 when 数字安防 is the industry of one of the article's
        clusters (canonical "" when of several); None when 集群 follows no such industry."""
        before = body[max(0, i - 20):i]
        if before.endswith(INDUSTRY_WORD):
            before = before[:-2]
        best = None
        for industry, canonicals in industries.items():
            if before.endswith(industry) and (best is None or len(industry) > len(best[0])):
                best = (industry, canonicals)
        if best is None:
            return None
        start = i - (len(body[max(0, i - 20):i]) - len(before)) - len(best[0])
        canonical = next(iter(best[1])) if len(best[1]) == 1 else ""
        return ClusterRef(start, i + 2, canonical, back=True)

    def _is_anaphor(self, body: str, i: int) -> bool:
        """集群 at i points back: after 该/这一/上述 (产业)?, opening a clause (目前集群已…), or
        in 全市…集群."""
        start = max(0, i - 16)
        if self.points_back.search(body, start, i):
            return True
        if self.city_word is None or not self.city_word.search(body, start, i):
            return False
        clause = CLAUSE_BREAK.split(body[start:i])[-1]
        for word in self.city_words:
            at = clause.rfind(word)
            if at >= 0:
                industry = clause[at + len(word):]
                industry = industry[:-2] if industry.endswith(INDUSTRY_WORD) else industry
                if len(industry) >= 2 and HAN_OR_LATIN.match(industry):
                    return True
        return False

    def _as_modifier(self, body: str, ref: ClusterRef) -> ClusterRef:
        if self.event_after is not None and self.event_after.match(body, ref.end):
            return ClusterRef(ref.start, ref.end, ref.canonical, ref.back, modifier=True, actor=ref.actor)
        return ref

    # --- linking -------------------------------------------------------------------------

    def link(self, body: str, clusters: list, figures: list, quotes: list,
             starts: list[int] | None = None) -> list[ClusterLink]:
        """The links of one article's figures and quotes (record lists in stored order; the
        links name them by their index in the list). `starts`: the body's sentence starts, when
        the caller has them."""
        if not clusters or not (figures or quotes):
            return []
        starts = starts if starts is not None else sentence_boundaries(body)
        refs, anaphors, generic = self.references(body, clusters)
        refs = self._resolve_anaphors(body, starts, refs, anaphors, generic)
        refs = self._places_standing_for_industry(body, starts, clusters, figures, refs)
        lists = _list_groups(body, refs)
        links: list[ClusterLink] = []
        by_sentence = _by_sentence(starts, refs)
        counted, heads = self._counted_groups(body, starts, figures, refs)
        for index, f in enumerate(figures):
            sid = bisect_right(starts, f.start) - 1
            for canonical, how in self._figure_links(body, starts, sid, index, f, by_sentence.get(sid, []),
                                                     counted, heads, lists):
                links.append(ClusterLink(canonical=canonical, kind="figures", index=index, link=how))
        for index, q in enumerate(quotes):
            for canonical, how in self._quote_links(body, starts, q, refs, counted):
                links.append(ClusterLink(canonical=canonical, kind="quotes", index=index, link=how))
        return links

    def _resolve_anaphors(self, body: str, starts: list[int], refs: list[ClusterRef], anaphors: list[int],
                          generic: list[int]) -> list[ClusterRef]:
        """Each anaphor as a reference to the cluster it points back to: the one named before it in
        its sentence, else in the nearest of the ANAPHORA_REACH sentences before that names any
        (exactly one cluster: a list leaves it unresolved). A sentence that also speaks of clusters
        in general (数字产业集群) resolves nothing from earlier sentences."""
        if not anaphors:
            return refs
        generic_sentences = {bisect_right(starts, g) - 1 for g in generic}
        resolved = list(refs)
        by_sentence = _by_sentence(starts, refs)
        named = sorted(by_sentence)
        for i in anaphors:
            sid = bisect_right(starts, i) - 1
            before = [r for r in by_sentence.get(sid, []) if r.end <= i]
            canonicals = set()
            if before:
                canonicals = {before[-1].canonical}
                if len({r.canonical for r in before if _same_list(body, before[-1], r, before)}) > 1:
                    canonicals = set()
            elif sid not in generic_sentences:
                k = bisect_left(named, sid) - 1
                if k >= 0 and sid - named[k] <= ANAPHORA_REACH:
                    canonicals = {r.canonical for r in by_sentence[named[k]]}
            if len(canonicals) == 1:
                ref = ClusterRef(i, i + 2, canonicals.pop(), back=True)
                resolved.append(ref)
                by_sentence.setdefault(sid, []).append(ref)
                by_sentence[sid].sort(key=lambda r: r.start)
                if sid not in named:
                    named.append(sid)
                    named.sort()
        resolved.sort(key=lambda r: (r.start, r.end))
        return resolved

    def _places_standing_for_industry(self, body: str, starts: list[int], clusters: list, figures: list,
                                      refs: list[ClusterRef]) -> list[ClusterRef]:
        """A cluster's place opening a clause, a short verb, then a figure, in a sentence that wrote
        the cluster's industry in an earlier clause (国内工程机械前5强，长沙占据3席，4家进入…): the
        place stands for its industry there, so it refers to the cluster. Another industry written
        between the place and its figure (长沙新能源汽车企业200家) leaves no verb short enough."""
        by_pair: dict[tuple[str, str], set[str]] = {}
        for canonical, (_, industries, places) in self.cluster_forms(clusters).items():
            for industry in industries:
                for place in places:
                    by_pair.setdefault((place, industry), set()).add(canonical)
        pairs = [(place, industry, canonicals.pop()) for (place, industry), canonicals in by_pair.items()
                 if len(canonicals) == 1]
        if not pairs or not figures:
            return refs
        taken = sorted((r.start, r.end) for r in refs)
        clause_start_of = _clause_starts(body)
        added = []
        for f in figures:
            clause_start = clause_start_of(f.start)
            if clause_start == 0 or not CLAUSE_BREAK.match(body, clause_start - 1):
                continue
            sent_start = starts[max(bisect_right(starts, f.start) - 1, 0)]
            for place, industry, canonical in pairs:
                verb = body[clause_start + len(place):f.start]
                if not body.startswith(place, clause_start) or not 0 < len(verb) <= PLACE_VERB_MAX \
                        or HAN_ONLY.fullmatch(verb) is None or _overlaps(taken, clause_start, f.start):
                    continue
                at = body.find(industry, sent_start, clause_start)
                while at >= 0 and _overlaps(taken, at, at + len(industry)):
                    at = body.find(industry, at + len(industry), clause_start)
                if at >= 0:
                    added.append(ClusterRef(clause_start, clause_start + len(place), canonical, back=True, actor=True))
                    break
        if not added:
            return refs
        return sorted(set(refs) | set(added), key=lambda r: (r.start, r.end))

    def _counted_groups(self, body: str, starts: list[int], figures: list, refs: list[ClusterRef]):
        """The figures that count clusters (their indexes), and the clusters listed with a count:
        counted refs, and for a count followed by its list (规模达5000亿元级别的产业集群1个(物联网)) the
        figures before it in its clause (the head), which are the listed clusters'."""
        counting = set()
        counted: set[ClusterRef] = set()
        heads: dict[int, list[str]] = {}
        clause_start_of = _clause_starts(body)
        group_end = -1
        for index, f in enumerate(figures):
            if f.unit not in self.count_units:
                continue
            sent_end = _sentence_end(starts, f.start, len(body))
            before = body[clause_start_of(f.start):f.start]
            after = body[f.end:min(sent_end, f.end + COUNTED_NOUN_MAX)]
            after_clause = CLAUSE_BREAK.split(after)[0]
            ends_cluster = after_clause.find(CLUSTER_WORD)
            counts = bool(self.counts_before.search(before))
            if not counts and ends_cluster >= 0:
                at = f.end + ends_cluster
                inside_name = any(r.start <= at < r.end and not r.back for r in refs)
                other_figure = any(f.end <= g.start < at for g in figures)
                counts = not inside_name and not other_figure
            if not counts:
                continue
            counting.add(index)
            # the clusters listed just before the count: A、B、C等3个产业集群
            listed_before = [r for r in refs if r.end <= f.start and r.start >= clause_start_of(f.start)]
            if listed_before:
                last = listed_before[-1]
                if re.fullmatch(r"(?:产业集群|集群|产业)?等?(?:[共计]|合计)?", body[last.end:f.start]):
                    counted.update(r for r in listed_before if _same_list(body, last, r, listed_before))
            # the clusters listed right after it: 集群2个（新材料、汽车及零部件）, 3个集群：A、B、C
            m = re.match(r"\s*[(（:：]", body[f.end:f.end + 3])
            if m:
                close = re.search(r"[)）。；;\n]", body[f.end + m.end():sent_end])
                end = f.end + m.end() + (close.start() if close else sent_end - f.end - m.end())
                listed = [r for r in refs if f.end <= r.start and r.end <= end]
                if listed:
                    counted.update(listed)
                    head_start = max(clause_start_of(f.start), group_end)
                    for j, g in enumerate(figures):
                        if head_start <= g.start and g.end <= f.start and j not in counting:
                            heads[j] = list(dict.fromkeys(r.canonical for r in listed))
                    group_end = end
        return (counting, counted), heads

    def _figure_links(self, body, starts, sid, index, f, sentence_refs, counted, heads, lists):
        counting, counted_refs = counted
        if index in counting:
            return []
        if index in heads:
            return [(c, "same_sentence") for c in heads[index]]
        subject = getattr(f, "subject", "") or ""
        usable = [r for r in sentence_refs if r not in counted_refs]
        if subject and self._share_base(body, f, subject):
            subject = ""        # 占全国市场份额的30%: 全国 is what the share is of, not whose it is
        if subject and self._subject_before_actor(body, f, subject, usable):
            subject = ""        # 全国…百强中，长沙占据3席: the place acting in a later clause outranks it
        if subject:
            named = self._subject_refs(body, f, subject, usable)
            if named:
                if len({r.canonical for r in lists.get(named[-1], [named[-1]])}) > 1:
                    return []   # A、B和C合计…: the list's figure
                return [(r.canonical, "anaphora" if r.back else "subject") for r in named[-1:]]
            if not subject.endswith(CLUSTER_WORD) and subject not in self.own_scopes:
                return []       # another body's figure: a company's, an association's, the country's
        before = [r for r in usable if r.end <= f.start]
        if before:
            nearest = before[-1]
            if nearest.modifier:
                return []
            if len({r.canonical for r in lists.get(nearest, [nearest])}) > 1:
                return []       # after a list of clusters: the list's
            return [(nearest.canonical, "anaphora" if nearest.back else "same_sentence")]
        # 拥有1423家企业的合肥智能语音集群: the figure describes the cluster named right after it
        after = [r for r in usable if r.start >= f.end]
        if after and not after[0].modifier:
            gap = body[f.end:after[0].start]
            if gap.endswith("的") and len(gap) <= 12 and not CLAUSE_BREAK.search(gap) \
                    and len({r.canonical for r in lists.get(after[0], [after[0]])}) == 1:
                return [(after[0].canonical, "anaphora" if after[0].back else "same_sentence")]
        return []

    @staticmethod
    def _subject_before_actor(body: str, f, subject: str, refs: list[ClusterRef]) -> bool:
        """Whether the nearest reference before the figure is a place acting in its clause, and the
        subject is written before that clause."""
        before = [r for r in refs if r.end <= f.start]
        if not before or not before[-1].actor:
            return False
        at = body.rfind(subject, 0, f.start)
        return 0 <= at and at + len(subject) <= before[-1].start

    @staticmethod
    def _share_base(body: str, f, subject: str) -> bool:
        """Whether the subject is what a share is taken of (…占全国市场份额的30%)."""
        at = body.rfind(subject, 0, f.start)
        return at > 0 and f.unit in ("%", "成", "‰") and \
            re.search(r"占[^，,；;。]{0,3}$", body[max(0, at - 4):at]) is not None

    def _subject_refs(self, body: str, f, subject: str, refs: list[ClusterRef]) -> list[ClusterRef]:
        """The reference that the figure's subject is: one ending where the subject ends (长沙工程机械
        does not make 长沙工程机械行业协会 the cluster), and not modifying an event or a body."""
        at = body.rfind(subject, 0, f.start)
        if at < 0:
            return []
        return [r for r in refs if at <= r.start and r.end == at + len(subject) and not r.modifier]

    def _quote_links(self, body: str, starts: list[int], q, refs: list[ClusterRef], counted):
        _, counted_refs = counted
        first = bisect_right(starts, q.start) - 1
        sent_start = starts[max(first, 0)]
        sent_end = _sentence_end(starts, max(q.end - 1, q.start), len(body))
        inside = [r for r in refs if q.start <= r.start and r.end <= q.end]
        if inside:
            return _distinct((r.canonical, "anaphora" if r.back else "same_sentence") for r in inside)
        around = [r for r in refs if sent_start <= r.start and r.end <= sent_end and r not in counted_refs]
        if len({r.canonical for r in around}) == 1:
            return _distinct((r.canonical, "anaphora" if r.back else "same_sentence") for r in around[:1])
        return []


def _without_cluster_word(name: str) -> str:
    core = name[:-2] if name.endswith(CLUSTER_WORD) else name
    return core[:-2] if core.endswith(INDUSTRY_WORD) else core


def _overlaps(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    k = bisect_right(spans, (end, end))
    return any(s < end and start < e for s, e in spans[max(0, k - 8):k])


def _by_sentence(starts: list[int], refs: list[ClusterRef]) -> dict[int, list[ClusterRef]]:
    out: dict[int, list[ClusterRef]] = {}
    for r in refs:
        out.setdefault(bisect_right(starts, r.start) - 1, []).append(r)
    return out


def _sentence_end(starts: list[int], pos: int, n: int) -> int:
    k = bisect_right(starts, pos)
    return starts[k] if k < len(starts) else n


def _clause_starts(body: str):
    breaks = [m.end() for m in CLAUSE_BREAK.finditer(body)]

    def clause_start(pos: int) -> int:
        k = bisect_right(breaks, pos) - 1
        return breaks[k] if k >= 0 else 0
    return clause_start


def _list_groups(body: str, refs: list[ClusterRef]) -> dict[ClusterRef, list[ClusterRef]]:
    """Each reference -> the list of references it stands in (A、B和C), itself alone when in none."""
    groups: dict[ClusterRef, list[ClusterRef]] = {}
    current: list[ClusterRef] = []
    for r in refs:
        if current and _joined(body, current[-1], r):
            current.append(r)
        else:
            current = [r]
        groups[r] = current
    return groups


def _joined(body: str, a: ClusterRef, b: ClusterRef) -> bool:
    gap = body[a.end:b.start]
    return b.start >= a.end and LIST_JOINER.fullmatch(gap) is not None and "，" not in gap and "," not in gap


def _same_list(body: str, last: ClusterRef, r: ClusterRef, refs: list[ClusterRef]) -> bool:
    """Whether r stands in the list that ends with `last` (refs: in order, ending with last)."""
    i = refs.index(r)
    chain = refs[i:refs.index(last) + 1]
    return all(_joined(body, a, b) for a, b in zip(chain, chain[1:]))


def _distinct(pairs) -> list[tuple[str, str]]:
    out: dict[str, str] = {}
    for canonical, how in pairs:
        out.setdefault(canonical, how)
    return list(out.items())


_LINKERS: dict[str, ClusterLinker] = {}


def linker_for(rules: RuleSet) -> ClusterLinker:
    """One linker per rule set version (building it compiles the place pattern)."""
    linker = _LINKERS.get(rules.version)
    if linker is None:
        if len(_LINKERS) > 4:
            _LINKERS.clear()
        linker = _LINKERS[rules.version] = ClusterLinker(rules)
    return linker
