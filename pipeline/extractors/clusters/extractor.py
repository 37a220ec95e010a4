"""Clusters: named industrial clusters and their canonical names (rules/clusters.yaml).

Every rule match becomes a candidate with one or more mentions (a list of
places or items gives several); candidates that name no specific cluster (a
generic industry: 省级…, 数字产业集群) are dropped *before* overlaps are
resolved, so a rejected long match does not hide a good shorter one. Then the
non-overlapping best candidates are kept (higher priority, then longer, then
earlier). Aliases learned from an apposition (中国X谷(某地某产业集群)) also
mark their later mentions in the article. Canonical names come from
pipeline/extractors/cluster_names.py.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from spacy.language import Language
from spacy.tokens import Doc

from pipeline.extractors.clusters.context import ArticlePlace, ArticlePlaceFinder
from pipeline.extractors.clusters.lists import ListReader
from pipeline.extractors.clusters.names import ClusterNamer
from pipeline.extractors.clusters.places import admin_places
from pipeline.extractors.matching import TakenSpans, required_text, starts_with_part
from pipeline.extractors.numbers import parse_number
from pipeline.extractors.registry import load_rules_at
from pipeline.nlp.doc_text import text_of
from pipeline.nlp.sentences import sentence_at
from pipeline.nlp.spans import set_spans
from pipeline.records import ClusterRecord
from pipeline.rules import Rule, RuleError, RuleSet, built_from, compile_pattern
from pipeline.speedups.regex_gates import RequiredText, matches_from

SOURCES = {"gazetteer", "named_place"}
# Every rule's match ends at most a bracket after 集群 or is a gazetteer alias, so rules run only
# in windows around those words: from the clause start (at most WINDOW_BEFORE characters back)
# to WINDOW_AFTER characters past the word. Most text has no 集群 at all; this keeps the
# place lexicon's long alternation off it.
WINDOW_BEFORE, WINDOW_AFTER = 200, 40
CLAUSE_ENDS = "。！？!?\n"
CLUSTER_WORD = re.compile("集群")
WORD_END_MARKS = "，,；;：:。、“”\"‘’（(）)《》【】 \n\t"
# Most rules start with a place (place_industry, the lists): the places of a window are found in one
# scan (the `listed_place` fragment), and those rules are tried only there, not at every character.
# Every match of the fragments and lexicons named here starts where `listed_place` matches.
PLACE_PARTS = {"listed_place", "place_words", "short_place", "province_words", "city_words", "provinces", "cities"}


@dataclass
class Mention:
    start: int
    end: int
    canonical: str
    # (place core, industry key) of a name whose place is written short (顺德家电集群) or that names an
    # organisation (…集群促进中心): it may be a fuller name's cluster (see ClusterExtractor.refer_back)
    short: tuple[str, str] | None = None
    body: bool = False          # the name is an organisation's (…集群促进中心), not a short form


@dataclass
class Candidate:
    rule: Rule
    order: int
    mentions: list[Mention]
    aliases: list[tuple[str, str]] = field(default_factory=list)   # (alias, canonical) learned from this match
    # (rule `place: previous`) where the match starts, and the industries of its names without a place:
    # they take the place of the name that ends there (ClusterExtractor.continue_lists)
    after: int | None = None
    placeless: dict[int, str] = field(default_factory=dict)       # mention index -> industry

    @property
    def start(self) -> int:
        return min(m.start for m in self.mentions)

    @property
    def end(self) -> int:
        return max(m.end for m in self.mentions)


class ClusterExtractor:
    def __init__(self, rules: RuleSet):
        self.namer = ClusterNamer(rules)
        lexicons, fragments = rules.lexicons.get("clusters", {}), rules.fragments.get("clusters", {})
        self.place_only = compile_pattern("{place_words}", lexicons, fragments) if "place_words" in fragments else None
        self.gazetteer = self.namer.gazetteer
        self.article_places = ArticlePlaceFinder(lexicons, fragments, self.namer.place_core)
        # An item of a coordination that starts with its own place (长沙市工程机械).
        self.item_place = compile_pattern("^(?P<place>{listed_place})的?(?P<industry>.+)$", lexicons, fragments) \
            if "listed_place" in fragments else None
        # A city name at a character of an abbreviation that runs past it: the characters are that
        # city's name (和|克孜勒苏…), not an abbreviation.
        self.city_at = compile_pattern("{cities}", lexicons, fragments) if "cities" in lexicons else None
        self.this_city_words = tuple(lexicons.get("this_city_words", []))
        self.this_province_words = tuple(lexicons.get("this_province_words", []))
        self.this_county_words = tuple(lexicons.get("this_county_words", []))
        # The bodies a cluster has (…集群促进中心): the name before one may be a fuller name's cluster.
        self.organisation_heads = tuple(lexicons.get("cluster_organisations", []))
        # What may stand just before a list that has no place to start it (推动|光伏、储能…).
        self.word_ends = tuple(lexicons.get("industry_breakers", [])) + tuple(WORD_END_MARKS) \
            + self.this_city_words + self.this_province_words + self.this_county_words
        self.place_start = compile_pattern("(?={listed_place})", lexicons, fragments) \
            if "listed_place" in fragments else None
        self.lists = ListReader(
            compile_pattern("{item_marker}", lexicons, fragments) if "item_marker" in fragments else None,
            compile_pattern("{listed_place}", lexicons, fragments) if "listed_place" in fragments else None,
            tuple(lexicons.get("table_headers", [])))
        self.rules: list[Rule] = []
        self.place_alone_rule: tuple[int, Rule] | None = None
        self.plan: list[tuple[int, Rule, RequiredText, str | None, bool]] = []
        self.region_at = compile_pattern("{regions}", lexicons, fragments) if "regions" in lexicons else None
        self.not_after_cluster = tuple(lexicons.get("not_after_cluster", []))
        self.name_openers = "".join(lexicons.get("name_openers", []))
        self.required: list[RequiredText] = []      # per rule: what a window needs for the rule to run
        self.place_first: list[bool] = []           # per rule: whether its matches start at a place
        self.each: dict[str, re.Pattern] = {}
        for rule in rules.rules("clusters"):
            source = rule.options.get("source")
            if source is not None:
                if source not in SOURCES:
                    raise RuleError(rule.path, rule.line, f"unknown source {source!r} (known: {', '.join(SOURCES)})",
                                    rule.id)
            elif rule.regex is None:
                raise RuleError(rule.path, rule.line, "rule needs a `pattern` (or `source: gazetteer`)", rule.id)
            each = rule.options.get("each")
            if each is not None:
                try:
                    self.each[rule.id] = compile_pattern(each, lexicons, fragments)
                except (re.error, ValueError) as e:
                    raise RuleError(rule.path, rule.line, f"bad `each` pattern: {e}", rule.id) from None
            if source == "named_place":
                self.place_alone_rule = (len(self.rules), rule)
            self.rules.append(rule)
            self.required.append(required_text(rule.pattern, lexicons, fragments))
            # what find() runs in each window: the rules with a pattern, and the gazetteer
            if source != "named_place":
                self.plan.append((len(self.rules) - 1, rule, self.required[-1], source,
                                  rule.options.get("place") == "article"))
            self.place_first.append(self.place_start is not None
                                    and starts_with_part(rule.pattern, PLACE_PARTS & (set(fragments) | set(lexicons)),
                                                         lexicons, fragments))

    # --- one match -> a candidate ---------------------------------------------------

    def candidate(self, rule: Rule, order: int, m: re.Match, article: "ArticleContext") -> Candidate | None:
        groups = m.groupdict()
        if groups.get("alias") and groups.get("cluster"):
            return self.apposition(rule, order, m)
        if groups.get("alias") and groups.get("place") and groups.get("industry"):
            return self.placed_brand(rule, order, m)
        if groups.get("district") and not self.district_certain(groups["district"], m.string, article.title):
            return None
        if rule.options.get("place") == "previous":
            return self.continued(rule, order, m)
        if groups.get("items") and rule.id in self.each:
            return self.listed(rule, order, m)
        if groups.get("items"):
            return self.coordinated(rule, order, m, article)
        if groups.get("abbreviation"):
            return self.abbreviated(rule, order, m)
        if rule.options.get("place") == "list":
            return self.list_item(rule, order, m, article)
        group = "name" if groups.get("name") else 0
        place, industry = groups.get("place") or groups.get("context_place"), groups.get("industry")
        if not place and industry and rule.options.get("place") == "article":
            if self.namer.is_generic(industry) or _whole_line(m.string, m.start(group), m.end(group)):
                return None       # generic; or a line that is only a name: a list's or a table's (place: list)
            if self.item_place and self.item_place.match(industry):
                return None       # 我省宝鸡钛…集群: the name has its own place (place_industry's)
            place = self.article_place_for(m, article)
        short, body = None, False
        if place and industry:
            if self.namer.is_generic(industry):
                return None
            canonical = self.namer.canonical(place, industry)
            body = m.string.startswith(self.organisation_heads, m.end(group))
            if groups.get("district") or groups.get("county") or body:
                short = (self.namer.place_core(place), self.namer.industry_key(industry))
        else:
            canonical = self.namer.canonical_of_name(m.group(group))
        if not canonical:
            return None
        return Candidate(rule, order, [Mention(m.start(group), m.end(group), canonical, short,
                                               body=body and not (groups.get("district") or groups.get("county")))])

    def apposition(self, rule: Rule, order: int, m: re.Match) -> Candidate | None:
        alias = m.group("alias")
        # The gazetteer decides when it knows either side (中国光谷 names 武汉光电子信息集群,
        # whatever district the writer puts in front of the cluster).
        canonical = (self.namer.known_canonical(m.group("cluster")) or self.namer.known_canonical(alias)
                     or self.namer.canonical_of_name(m.group("cluster")))
        if not canonical or (self.place_only and self.place_only.fullmatch(alias)):
            return None
        mentions = [Mention(m.start("alias"), m.end("alias"), canonical),
                    Mention(m.start("cluster"), m.end("cluster"), canonical)]
        return Candidate(rule, order, sorted(mentions, key=lambda x: x.start), aliases=[(alias, canonical)])

    def placed_brand(self, rule: Rule, order: int, m: re.Match) -> Candidate | None:
        """A place, then a brand and the cluster's industry (在武汉经开区，被誉为“中国车谷”的汽车产业集群):
        the cluster is place + industry, the brand its alias."""
        if self.namer.is_generic(m.group("industry")):
            return None
        canonical = self.namer.canonical(m.group("place"), m.group("industry"))
        mentions = [Mention(m.start("alias"), m.end("alias"), canonical),
                    Mention(m.start("name"), m.end("name"), canonical)]
        return Candidate(rule, order, mentions, aliases=[(m.group("alias"), canonical)])

    @staticmethod
    def district_certain(district: str, text: str, title: str | None) -> bool:
        """A district or county written short (南康, 晋江) is taken for the place only when the article
        also names it in full (南康区, 晋江市) or names its city (赣州)."""
        whole = (title or "") + "\n" + text
        if any(district + level in whole for level in "区县市旗"):
            return True
        places = admin_places()
        return any(parent in whole for parent in places.county_parents.get(district, ())
                   if parent in places.province_of_city)

    def abbreviated(self, rule: Rule, order: int, m: re.Match) -> Candidate | None:
        """A name whose place is a multi-city abbreviation (长株潭先进储能材料集群): the leftmost, longest run
        of the `abbreviation` group's characters that names different cities of one province; the
        characters after it belong to the industry."""
        chars, start = m.group("abbreviation"), m.start("abbreviation")
        for i in range(len(chars) - 1):
            for k in (4, 3, 2):
                if i + k <= len(chars) and admin_places().is_abbreviation(chars[i:i + k]) \
                        and not self.starts_a_longer_city(m.string, start + i, start + i + k):
                    industry = chars[i + k:] + m.group("industry")
                    if len(industry) < 2 or self.namer.is_generic(industry):
                        return None
                    return Candidate(rule, order, [Mention(start + i, m.end("name"),
                                                           self.namer.canonical(chars[i:i + k], industry))])
        return None

    def list_item(self, rule: Rule, order: int, m: re.Match, article: "ArticleContext") -> Candidate | None:
        """A name in a list or table row (rule `place: list`): its own place if it starts with one
        (1. 芜湖市机器人产业集群), else the row's, else the list's heading's, else the article's. A name
        that is a line of its own must stand in a table row (a number cell above it), and a row
        number inside a line must follow the table's header (序号 …) on that line."""
        groups, text = m.groupdict(), m.string
        own = self.item_place.match(groups["industry"]) if self.item_place else None
        if own:
            place, industry = own["place"], own["industry"]
        else:
            industry = groups["industry"]
            if "marker" in groups:
                if groups.get("in_row") and not self.lists.has_header_before(text, m.start()):
                    return None
                place = groups.get("place_before") or groups.get("place_after") or groups.get("place_bracket")
            elif groups.get("place_after"):
                place = groups["place_after"]           # a row copied as a line: name, then place
            else:
                cells = self.lists.row_lines(text, m.start("name"), m.end("name"))
                if cells is None and not self.lists.beside_a_name_line(text, m.start("name"), m.end("name"), m.re):
                    return None
                place = self.lists.row_place(cells or [])
            if not place:
                heading = self.heading_place(text, m.start())     # "" when the heading names several
                if heading is None and self.item_place:
                    # The other rows name their places, and the article's place is one of theirs (the lead
                    # is the list's first row): this row names a place the place data lacks (白沟箱包产业集群,
                    # 白沟 a town), not the article's.
                    rows = self.lists.places_of_nearby_names(text, m.start("name"), m.end("name"), self.item_place)
                    own_place = article.place()
                    if rows and own_place and self.namer.place_core(own_place.place) in \
                            {self.namer.place_core(p) for p in rows}:
                        shortest = 1 if m.group("name") == industry + "产业集群" else 2
                        if len(industry) < shortest or self.namer.is_generic(industry):
                            return None
                        canonical = self.namer.known_canonical(m.group("name")) \
                            or self.namer.industry_key(industry) + "集群"
                        return Candidate(rule, order, [Mention(m.start("name"), m.end("name"), canonical)])
                place = heading if heading is not None else self.article_place_for(m, article)
        # one character is an industry before 产业 (茶产业集群)
        shortest = 1 if m.group("name") == industry + "产业集群" else 2
        if not place or len(industry) < shortest or self.namer.is_generic(industry):
            return None
        return Candidate(rule, order, [Mention(m.start("name"), m.end("name"), self.namer.canonical(place, industry))])

    def heading_place(self, text: str, start: int) -> str | None:
        """The place of the list's heading, when it names one (several: none, and not the article's either)."""
        for heading in self.lists.headings(text, start):
            found = self.article_places.places_in(heading)
            if found:
                return next(iter(found.values())).place if len(found) == 1 else ""
        return None

    def starts_a_longer_city(self, text: str, start: int, end: int) -> bool:
        if self.city_at is None:
            return False
        for p in range(start, end):
            city = self.city_at.match(text, p)
            if city and city.end() > end:
                return True
        return False

    def article_place_for(self, m: re.Match, article: "ArticleContext") -> str | None:
        """The article's place, if certain and of the level a 该市/我省 before the name asks for."""
        place = article.place()
        if place is None:
            return None
        this = m.groupdict().get("this_place") or self.this_word_before(m.string, m.start())
        if this.endswith(self.this_province_words) and place.level != "province":
            # 新华社昆明…电 …该省: the province of the article's city or county
            province = admin_places().province_of(self.namer.place_core(place.place))
            return province or None
        if this and any(this.endswith(words) and place.level != level
                        for words, level in ((self.this_city_words, "city"), (self.this_province_words, "province"),
                                             (self.this_county_words, "county")) if words):
            return None
        return place.place

    def this_word_before(self, text: str, start: int) -> str:
        """The last 全市/该省/本县… of the sentence before a name: the level the sentence speaks at."""
        sentence_start = max(text.rfind(ch, 0, start) for ch in CLAUSE_ENDS) + 1
        best, at = "", -1
        for word in self.this_city_words + self.this_province_words + self.this_county_words:
            k = text.rfind(word, sentence_start, start)
            if k > at:
                best, at = word, k
        return best

    def coordinated(self, rule: Rule, order: int, m: re.Match, article: "ArticleContext") -> Candidate | None:
        """Names sharing a place or the word 集群: 宁波汽车零部件、智能家电和新材料三个集群,
        光伏、储能等2个产业集群, 产业集群2个（新材料、汽车零部件）. A count must agree with the items
        (at least as many after 等: the list may be cut short); an item without its own place takes
        the match's `place`, or (rule `place: article`) the article's."""
        items_text, offset = m.group("items"), m.start("items")
        count = count_of(m.groupdict().get("count"))
        after_deng = bool(m.groupdict().get("deng"))
        if count is None and "、" not in items_text and not after_deng:
            return None           # one name: the plain rules have it
        items = self.split_items(items_text, count, after_deng)
        if items is None:
            return None
        shared = m.groupdict().get("place")
        if not shared and not self.item_place.match(items_text[items[0][0]:items[0][1]]):
            # No place opens the list: its first item starts at a word start (推动|光伏, not 动光伏).
            first_start, first_end = items[0]
            start = next((k for k in range(offset + first_start, offset + first_end - 1)
                          if k == 0 or m.string.endswith(self.word_ends, 0, k)), None)
            if start is None:
                return None
            items[0] = (start - offset, first_end)
        mentions = []
        for start, end in items:
            item = items_text[start:end]
            own = self.item_place.match(item) if self.item_place else None
            if own:
                place, industry = own["place"], own["industry"]
            else:
                place = shared or (self.article_place_for(m, article)
                                   if rule.options.get("place") == "article" else None)
                industry = item
            if not place or len(industry) < 2 or self.namer.is_generic(industry):
                return None           # all or nothing: one vague item makes the list doubtful
            mentions.append(Mention(offset + start, offset + end, self.namer.canonical(place, industry)))
        return Candidate(rule, order, mentions)

    @staticmethod
    def split_items(text: str, count: int | None, after_deng: bool) -> list[tuple[int, int]] | None:
        """(start, end) of each item of a 、 list whose last item may be joined by 和/及/与; the count
        decides whether 和 joins items or words of one item (软件和信息服务)."""
        spans, start = [], 0
        for i, ch in enumerate(text):
            if ch == "、":
                spans.append((start, i))
                start = i + 1
        spans.append((start, len(text)))
        with_and = spans
        last_start, last_end = spans[-1]
        joint = max(text.rfind(ch, last_start, last_end) for ch in "和及与")
        if joint > last_start:
            with_and = spans[:-1] + [(last_start, joint), (joint + 1, last_end)]
        options = [with_and, spans] if len(spans) > 1 or count is not None else [spans]
        for option in options:
            if any(e - s < 2 for s, e in option):
                continue
            if count is None or len(option) == count or (after_deng and len(option) < count):
                return option
        return None

    def listed(self, rule: Rule, order: int, m: re.Match) -> Candidate | None:
        """One mention per item of the `items` group; an item without its own name spans the whole match.
        Without 等 a count must agree with the items (三个: three names); after 等 there may be more."""
        offset, mentions = m.start("items"), []
        items = list(self.each[rule.id].finditer(m.group("items")))
        count = count_of(m.groupdict().get("count"))
        counted = "count" in m.re.groupindex and not m.groupdict().get("deng")
        if counted and (len(items) < 2 if count is None else len(items) < count):
            return None           # too few items whatever they name (most matches: one name, no count)
        for item in items:
            parts = item.groupdict()
            place, industry = parts.get("place"), parts.get("industry") or m.groupdict().get("industry")
            if not place or not industry or self.namer.is_generic(industry):
                continue
            if parts.get("name"):
                start, end = offset + item.start("name"), offset + item.end("name")
            else:
                start, end = m.start(), m.end()
            mentions.append(Mention(start, end, self.namer.canonical(place, industry)))
        if counted:
            if count is None and len(mentions) < 2 or count is not None and count != len(mentions):
                return None
        return Candidate(rule, order, mentions) if mentions else None

    def continued(self, rule: Rule, order: int, m: re.Match) -> Candidate | None:
        """Names joined to a name before them (…集群和智能家电产业集群): those with their own place are
        named now; the others wait for the place of the name that ends where the match starts."""
        offset, mentions, placeless = m.start("items"), [], {}
        for item in self.each[rule.id].finditer(m.group("items")):
            place, industry = item.group("place"), item.group("industry")
            if self.namer.is_generic(industry):
                continue
            if not place and any(admin_places().is_abbreviation(industry[:k]) for k in (4, 3, 2)):
                return None       # 长株潭…集群和呼包鄂…集群: a multi-city abbreviation is a place of its own
            if not place:
                placeless[len(mentions)] = industry
            mentions.append(Mention(offset + item.start("name"), offset + item.end("name"),
                                    self.namer.canonical(place, industry) if place else ""))
        if not placeless:
            return None           # every name has its own place: the plain rules have them
        return Candidate(rule, order, mentions, after=m.start(), placeless=placeless)

    def continue_lists(self, candidates: list[Candidate], text: str) -> list[Candidate]:
        """The candidates with the names of `place: previous` matches placed: the place is that of the
        longest name (any rule's) ending where the match starts; without one, the match is dropped."""
        waiting = [c for c in candidates if c.after is not None]
        if not waiting:
            return candidates
        ends: dict[int, Mention] = {}
        for c in candidates:
            if c.after is None:
                for mention in c.mentions:
                    if mention.end not in ends or mention.start < ends[mention.end].start:
                        ends[mention.end] = mention
        kept = [c for c in candidates if c.after is None]
        for c in waiting:
            before = ends.get(c.after)
            place = self.place_only.match(text, before.start, before.end) if before and self.place_only else None
            if not place:
                continue
            for k, industry in c.placeless.items():
                c.mentions[k].canonical = self.namer.canonical(place.group(0), industry)
            kept.append(c)
        return kept

    # --- a document -------------------------------------------------------------------

    def windows(self, text: str) -> list[tuple[int, int]]:
        """Merged (start, end) ranges around each 集群 and gazetteer alias."""
        windows: list[list[int]] = []
        hotspots = [(m.start(), m.end()) for m in CLUSTER_WORD.finditer(text)]
        if self.gazetteer.has_aliases:
            hotspots = sorted(hotspots + self.gazetteer.alias_spans(text))
        for hot_start, hot_end in hotspots:
            floor = max(0, hot_start - WINDOW_BEFORE)
            start = max([text.rfind(ch, floor, hot_start) + 1 for ch in CLAUSE_ENDS] + [floor])
            end = min(len(text), hot_end + WINDOW_AFTER)
            if windows and start <= windows[-1][1]:
                windows[-1][1] = max(windows[-1][1], end)
            else:
                windows.append([start, end])
        return [(s, e) for s, e in windows]

    def find(self, text: str, title: str | None = None) -> list[tuple[Rule, Mention]]:
        candidates = []
        article = ArticleContext(self.article_places, text, title)
        for start, end in self.windows(text):
            window = text[start:end]
            looked_up: dict[frozenset[str], bool] = {}
            places = None
            for order, rule, required, source, article_placed in self.plan:
                if source == "gazetteer":
                    candidates += [Candidate(rule, order,
                                             [Mention(h.start, h.end, self.namer.entries[h.entry].canonical)])
                                   for h in self.gazetteer.find(text, start, end)]
                    continue
                if not required.found_in(window, looked_up):
                    continue     # the rule cannot match here (most windows have no 简称, no brackets)
                if article_placed and article.place() is None:
                    continue     # its names take the article's place, and the article has none
                if self.place_first[order]:
                    if places is None:
                        places = [p.start() for p in self.place_start.finditer(text, start, end)]
                    matches = matches_from(rule.regex, text, places, end)
                else:
                    matches = rule.regex.finditer(text, start, end)
                for m in matches:
                    if m.end() > m.start():
                        c = self.candidate(rule, order, m, article)
                        if c is not None:
                            candidates.append(c)
        candidates = self.continue_lists(candidates, text)
        chosen = self.refer_back(select(candidates), text)
        if self.place_alone_rule is not None:
            alone = self.places_alone(chosen, text)
            if alone:
                candidates += alone
                chosen = self.refer_back(select(candidates), text)
        # An alias the article introduced in apposition marks its other mentions too, with the
        # apposition's canonical name and priority (株洲轨交集群 is then not a cluster of its own).
        learned = [Candidate(c.rule, c.order, [Mention(am.start(), am.end(), canonical)])
                   for c in chosen for alias, canonical in c.aliases
                   for am in re.finditer(re.escape(alias), text)]
        if learned:
            chosen = self.refer_back(select(candidates + learned), text)
        found = [(c.rule, mention) for c in chosen for mention in c.mentions]
        found.sort(key=lambda rm: (rm[1].start, rm[1].end))
        return found

    def places_alone(self, chosen: list[Candidate], text: str) -> list[Candidate]:
        """A place and 集群 alone (北部湾集群) standing for the one cluster of the article named with that
        place: as written (湖州市), without 市 or its province (湖州), or the region it starts with
        (北部湾 of 北部湾经济区). Found by looking for the places of the chosen clusters (rule `source:
        named_place`), not by a pattern tried at every place."""
        order, rule = self.place_alone_rule
        # Where 集群 stands outside the names found and not after 产业 (most are in a name, or generic):
        # only there may a place alone end.
        # (and where the two characters before it stand in a name found: a place's last two do)
        spans = [(mention.start, mention.end) for c in chosen for mention in c.mentions]
        named = {e - len(CLUSTER_WORD.pattern) for _, e in spans}       # the 集群 that ends a name found
        free = [k for k in _positions(text, CLUSTER_WORD.pattern)
                if k >= 2 and k not in named and not text.startswith("产业", k - 2)]
        if not free:
            return []
        written = "\n".join([text[s:e] for s, e in spans] + [m.canonical for c in chosen for m in c.mentions])
        free = [k for k in free if text[k - 2:k] in written]
        if not free:
            return []
        by_place: dict[str, set[str]] = {}
        for c in chosen:
            for mention in c.mentions:
                written = text[mention.start:mention.end]
                place = self.place_only.match(written) if self.place_only else None
                if not place:
                    continue
                core = self.namer.place_core(place.group(0))
                forms = {place.group(0), core}
                district = self.namer.district_of(core)
                if district:
                    forms.add(district)         # 滨海新区 of 天津市滨海新区
                region = self.region_at.match(written) if self.region_at else None
                if region:
                    forms.add(region.group(0))
                for form in forms:
                    by_place.setdefault(form, set()).add(mention.canonical)
        found = []
        for k in free:
            for place, canonicals in by_place.items():
                at = k - len(place)
                if len(canonicals) != 1 or at < 0 or not text.startswith(place, at):
                    continue
                end = k + len(CLUSTER_WORD.pattern)
                before = text[at - 1] if at else ""
                if (not before or not "\u4e00" <= before <= "\u9fff" or before in self.name_openers) \
                        and not text.startswith(self.not_after_cluster, end):
                    found.append(Candidate(rule, order, [Mention(at, end, next(iter(canonicals)))]))
        return found

    def refer_back(self, chosen: list[Candidate], text: str) -> list[Candidate]:
        """Names that stand for a cluster the article names more fully: a place alone (北部湾集群) is the
        one cluster named with that place; a short place and industry (顺德家电集群 beside 佛山市顺德区
        家用电器产业集群: the place inside, the industry's characters in order, 家电 of 家用电器) or a
        body's name (…海工装备产业集群促进中心 beside 南通、泰州、扬州海工装备和高技术船舶集群) is the
        fuller name's cluster. A place alone that names no cluster of the article is dropped."""
        if not any(mention.short is not None for c in chosen for mention in c.mentions):
            return chosen
        names: dict[str, set[str]] = {}      # each fuller cluster: its canonical and written names
        for c in chosen:
            for mention in c.mentions:
                if mention.canonical:
                    names.setdefault(mention.canonical, {mention.canonical}).add(text[mention.start:mention.end])
        kept = []
        for c in chosen:
            for mention in c.mentions:
                if mention.short is None:
                    continue
                served = self.served_cluster(chosen, mention, text) if mention.body else None
                if served:
                    mention.canonical = served
                    continue
                place, industry = mention.short
                fuller = {canonical for canonical, written in names.items() if canonical != mention.canonical
                          and any(place in n and _spelled_within(industry, n[n.index(place) + len(place):],
                                                                 last_words=not mention.body)
                                  for n in written)}
                if len(fuller) == 1:
                    mention.canonical = fuller.pop()
            if all(mention.canonical for mention in c.mentions):
                kept.append(c)
        return kept

    def served_cluster(self, chosen: list[Candidate], body: Mention, text: str) -> str | None:
        """The cluster an organisation named after a cluster serves, when its sentence says so:
        作为长三角生物医药产业集群的促进机构，上海市生物医药产业集群促进中心… (the one other cluster of
        the sentence followed by 的 and an organisation's word)."""
        start = max(text.rfind(ch, 0, body.start) for ch in CLAUSE_ENDS) + 1
        ends = [k for k in (text.find(ch, body.end) for ch in CLAUSE_ENDS) if k >= 0]
        end = min(ends) if ends else len(text)
        served = {m.canonical for c in chosen for m in c.mentions
                  if m is not body and m.canonical and m.canonical != body.canonical and start <= m.start < end
                  and text.startswith("的", m.end) and text.startswith(self.organisation_heads, m.end + 1)}
        return served.pop() if len(served) == 1 else None

    def __call__(self, doc: Doc) -> Doc:
        records = doc._.records["clusters"]
        text = text_of(doc)
        for rule, mention in self.find(text, doc._.title):
            records.append(ClusterRecord(name=text[mention.start:mention.end], canonical=mention.canonical,
                                         start=mention.start, end=mention.end,
                                         sentence=sentence_at(doc, mention.start)[2], rule=rule.id))
        set_spans(doc, "clusters", ((r.start, r.end, r.rule) for r in records))
        return doc


class ArticleContext:
    """The article's place, looked for only when a rule asks (most articles never need it)."""

    def __init__(self, finder: ArticlePlaceFinder, text: str, title: str | None):
        self.finder, self.text, self.title, self._place, self._looked = finder, text, title, None, False

    def place(self) -> ArticlePlace | None:
        if not self._looked:
            self._place, self._looked = self.finder.find(self.text, self.title), True
        return self._place


def _positions(text: str, word: str) -> list[int]:
    found, at = [], text.find(word)
    while at >= 0:
        found.append(at)
        at = text.find(word, at + len(word))
    return found


def _whole_line(text: str, start: int, end: int) -> bool:
    return (start == 0 or text[start - 1] == "\n") and (end == len(text) or text[end] == "\n")


def _spelled_within(short: str, name: str, last_words: bool = False) -> bool:
    """Whether a short industry is written with the characters of a fuller name (the part after its
    place), in order: as a part of it (海工装备 of 海工装备和高技术船舶集群) or an abbreviation (家电 of
    家用电器集群), but not as the last words of a longer industry, which is another cluster (汽车 of
    新能源汽车集群; with `last_words`, as for a short form of a county's name, it may be: 慈溪家电集群 of
    慈溪市智能家电产业集群)."""
    if not short:
        return True
    at = name.find(short)
    if at >= 0:
        return at == 0 or last_words or not name.startswith(("集群", "产业集群"), at + len(short))
    rest = name
    for ch in short:
        k = rest.find(ch)
        if k < 0:
            return False
        rest = rest[k + 1:]
    return True


COUNT_WORD = re.compile("[个大地市省县区城座项类]+$")


def count_of(text: str | None) -> int | None:
    """三个 -> 3, 两地 -> 2, 12个 -> 12; None when there is no count."""
    if not text:
        return None
    value = parse_number(COUNT_WORD.sub("", text))
    return int(value) if value is not None and value == int(value) else None


def select(candidates: list[Candidate]) -> list[Candidate]:
    """The non-overlapping best: higher priority, then the longer span, then the earlier one."""
    taken = TakenSpans()
    ranked = sorted(candidates, key=lambda c: (-c.rule.priority, -(c.end - c.start), c.start, c.order))
    return [c for c in ranked if taken.add(c.start, c.end)]


@Language.factory("newsx_clusters", default_config={"rules_dirs": []})
def make_cluster_extractor(nlp: Language, name: str, rules_dirs: list[str]) -> ClusterExtractor:
    return built_from(ClusterExtractor, load_rules_at(rules_dirs))
