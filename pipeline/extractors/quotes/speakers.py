"""Speakers: split a speaker phrase into name, title and organisation, and resolve later mentions.

    中国电子信息产业发展研究院数字经济战略研究室主任高婴劢
        -> org 中国电子信息产业发展研究院数字经济战略研究室, title 主任, name 高婴劢
    安徽省经信厅规划处相关负责人  -> org 安徽省经信厅规划处, title 相关负责人, no name
    交通运输部                    -> org 交通运输部 (an organisation speaking as one)

The phrase comes from a quote rule's `speaker` group (clause start to speech
verb). Words come from the LAC model (pipeline/ner.py): a PER token at the end
is the name; a word ending in a `titles` entry is a title word; the words
before the first title word, up to the last ORG/LOC entity or word ending in an
`org_suffixes` entry, are the organisation. All vocabulary is in
rules/quotes.yaml.

Later mentions (高婴劢说, 他表示, 该负责人介绍, an empty subject as in ，并称…)
are resolved by `SpeakerBook`, the speakers and persons met so far in the article.
"""
from __future__ import annotations

import re
from bisect import bisect_right, insort
from dataclasses import dataclass, replace

from spacy.tokens import Doc

from pipeline.nlp.doc_text import text_of
from pipeline.nlp.ner import LacToken, entities, tokens_in
from pipeline.rules import RuleSet, compile_pattern, lexicon_regex
from pipeline.speedups.regex_cache import compile_regex

PUNCT_TAGS = {"w"}
VERB_TAGS = {"v", "vd"}
NOUN_TAGS = {"n", "nz", "nw", "ns", "nt"}
ADDRESSEE_MARKERS = {"对", "向", "跟", "给", "和"}
PARENTHETICAL = compile_regex(r"[（(][^（）()]{0,40}[）)]")     # 李亮（化名）, 王明（某大学教授）
PREPOSITION_SURNAMES = {"向", "于", "和", "同", "跟", "与"}     # surnames that are also prepositions
COMPARISON_WORDS = set("和与跟像同")
COMPARED_BEFORE = compile_regex(r"(?:和|与|跟|像|同)[^，,。！？!?；;“”\n]{0,8}$")      # 和同学小丽一样，他…
COMPARED_AFTER = compile_regex(r"[^，,。！？!?；;“”\n]{0,6}一样[，,]?\s*")
ROLE_REACH = 600                  # characters back 该负责人 / 王局长 / 老中医 looks for the person named with the post
PRONOUN_REACH = 300               # characters back a 他/她 looks for a person named (not a speaker)
FURTHER_BACK = 600                # … and, with nobody there, for the one person named further back
WRITER_TITLES = {"记者", "笔者"}
ADDRESS_FEMALE = ("女士", "小姐")
HEADING_MAX = 20                  # characters of a line that heads a part of the article
ADDRESS_MALE = ("先生",)
AMBIGUOUS = object()              # what a pronoun's candidate gives when two persons may be meant
# What a speaker does while speaking, after the name (LAC tags): verbs, adverbs, adjectives,
# particles (着, 了), numerals and measures (摇了两下头), time and direction words.
ACTION_TAGS = {"v", "vd", "d", "ad", "a", "u", "xc", "m", "q", "TIME", "t", "f"}
JOINS = set("和与、及")
SUBJECT_BEFORE = set("，,。！？!?；;：:”\n 的")      # what may stand right before a clause's subject
QUALIFIES = compile_regex(r"[^，,。！？!?；;：:“”\n的]{0,8}的")
PRONOUN_GENDER = {"她": "f", "他": "m"}
SUBJECT_TAGS = {"ORG", "LOC", "n", "nz", "nt", "ns", "nw", "r", "c"}    # (r: 某公司; c: 工业和信息化部)
ORG_PRONOUN = "其"                 # the pronoun an organisation is spoken of by (他/她 are persons)
ACCORDING_TO = compile_regex(r"[ \t\u3000]*(?:另据|据)?")      # 据某局通报: who, after 据
EARLIER_PERSONS = 3                # persons named before the nearest one a pronoun may stand for
OPENING_MAX = 24                   # characters before a statement that opens its paragraph
TURN_LEAD_MAX = 30                 # characters of attribution around a quoted turn (王明笑着说：“…” / “…”王明说。)
QUESTION_ENDS = ("？", "?")
SENTENCE_CLOSERS = "。！？!?…"
CLAUSE_BEFORE_COMMA = compile_regex(r"(?<![^，,。！？!?；;：:“”\n])[^，,。！？!?；;：:“”\n]{2,}$")
POSSESSIVE_RELATION = compile_regex(r"(?:其|[他她]的?)([\u4e00-\u9fa5]{1,3})")      # 其奶奶, 他的妻子
PLACE_PREPOSITIONS = {"在", "于"}
TIME_TAGS = {"TIME", "t"}
PLACE_TAGS = {"LOC", "ORG", "TIME", "ns", "nt", "n", "nz", "s", "f", "m", "q", "t"}
ACTION_MAX = 16                   # characters of action between the speaker and the verb
PLURAL_JOINS = {"、", "和", "与", "及", "以及", "跟"}
LIST_BREAK = compile_regex(r"[、,，/]")
# A name in Latin letters before a title or a speech verb is an organisation's (Canalys分析师,
# IDC预计, TrendForce集邦咨询): Chinese text gives a person's name in Chinese characters.
LATIN_ORG = compile_regex(r"[A-Za-z][A-Za-z0-9&.\-]*[A-Za-z0-9]")
LATIN_NAME_PART = compile_regex(r"[A-Za-z][ ·.]$|^[ ·.][A-Za-z]")     # Tim Cook, Elon·Musk: a person's
# A person's name in Latin letters: two to four capitalised words joined by a space or a dot
# (Anna Weber, Elon Musk, Jean-Paul Sartre); CEO, IBM or one word alone is no such name.
LATIN_FULL_NAME = compile_regex(r"[A-Z][a-z'\-]*[a-z](?:[ ·.・][A-Z][a-z'\-]*[a-z]){1,3}")


def is_latin_org(tok: LacToken, text: str) -> bool:
    """A Latin-letter word standing alone (Canalys, IDC); one joined to another by a space or
    a dot is a person's name written in Latin letters (Tim Cook)."""
    return bool(LATIN_ORG.fullmatch(tok.text)) and not LATIN_NAME_PART.search(text[max(tok.start - 2, 0):tok.start]) \
        and not LATIN_NAME_PART.search(text[tok.end:tok.end + 2])


def latin_names(text: str, words: list[LacToken]) -> list[LacToken]:
    """The words with a person's name in Latin letters (Anna Weber), which the model tags in
    pieces or not at all, made one PER word: Chinese text gives a person so only when it means
    the name as written (an organisation's Latin name is one word: Canalys, SBS)."""
    if len(words) < 2 or not text[words[-1].start:words[-1].end].isascii():
        return words
    for i in range(max(len(words) - 4, 0), len(words) - 1):
        if LATIN_FULL_NAME.fullmatch(text, words[i].start, words[-1].end):
            return words[:i] + [LacToken(words[i].start, words[-1].end, text[words[i].start:words[-1].end], "PER")]
    return words


STATISTIC = compile_regex(r"^(?:有|近|约|超过?|逾)?[\d０-９.．]+\s*(?:%|％|成|个?百分点)")
POST_LIST_MAX = 80                 # characters a list of posts before a speaker may run over
PERSON_JOIN = compile_regex(r"[和与同跟及]")
DESCRIPTION_MAX = 36               # characters of "<org><title>" read before a name
DESCRIPTION_BREAKS = "，,。！？!?；;：:“”\n（）()《》 —－"
SHORT_TITLE = 6                   # a title with no organisation before it is at most this long
# A transliterated name written with a middle dot (茉莉·西尔斯): its first part alone
# (茉莉) names the same person later in the article. The first part is the word before
# the dot (28岁的茉莉·西尔斯 gives 茉莉, not 岁的茉莉).
DOTTED_NAME = compile_regex(r"([\u4e00-\u9fa5]{2,4})·[\u4e00-\u9fa5]{2,}")
POINTED_REACH = 600               # characters back 该院 / 这家公司 looks for the organisation it means
# What 该校 and 该院 may stand for, by the character the pointer names.
ORG_KINDS = {"校": ("学校", "中学", "小学", "大学", "学院", "校"), "院": ("院",), "行": ("银行", "行"),
             "所": ("所",), "局": ("局",), "厂": ("厂",), "委": ("委", "委员会")}
JOINT_HINT = compile_regex(r"[、和与及]")
# Lead words saying the speaker is someone unnamed (有专家, 一位分析师, 不少企业主).
INDEFINITE_ROLE = compile_regex(r"有(?!关)|[一两几多数某](?:位|名|个|家|些)|不少|部分|一些|有的|众多|许多|很多")
INDEFINITE_ORG = compile_regex(r"(?:^|[^第统唯])一(?:家|个|所|座|间|乡镇|县|村|镇)")
SEVERAL = compile_regex(r"一些|部分|有些|多家|一批|不少|许多|很多|众多|各[地类级家]")
PLACE_CHARS = "省市区县州镇乡"
PLACE_NAME_ENDS = tuple(PLACE_CHARS) + ("村", "街道", "社区", "组", "屯")
ASIDE_IN_TITLE = compile_regex(r"[（(][^（）()]{0,6}(?:[）)]|$)")     # 书记（兼）, 教授（退休）
CROWD_COUNTS = "一些|有些|很多|许多|不少|部分|几位|几名|多名|多位|数名|数位|一批|一群|众多|大批|成群的"
INDEFINITE_IN_TITLE = compile_regex(r"^(?:当地|本地|现场|附近)?(?:另)?(?:[一两几多数某](?:位|名|个|家|群|批)|某)")
LOCAL_PREFIX = compile_regex(r"^(?:当地|本地|现场|附近)的?")      # 当地村民 -> 村民
PLACE_DEICTIC = compile_regex(r"^(?:这里|那里|这儿|那儿|当地)的")        # 那里的门卫 -> 门卫
DEMONSTRATIVE_ORG = compile_regex(r"^(?:这|那|该|此)")
# An organisation whose name the text withholds (某市应急管理局, 某科技有限公司, 某省): 某, a place
# kind or at least two characters of what it is, or both.
WITHHELD_BEFORE = compile_regex(r"某[省市县区州]?$")
PLACEHOLDER_ORG = compile_regex(r"某(?:[省市县区州]|[省市县区州镇乡村]?[\u4e00-\u9fa5]{2,20})")
LATIN_PERSON = compile_regex(r"[A-Za-z][A-Za-z .·'\-]{0,30}[A-Za-z]")
CHINESE = compile_regex(r"[\u4e00-\u9fa5]+")
ADDRESS_NOT_TITLES = {"先生", "女士"}     # 王先生 is a way to address anyone, not a post
BRACKETED_ALIAS = compile_regex(r"[（(][A-Za-z][A-Za-z0-9&.\-]{1,11}[）)]$")
# A post given right after a name: 王明是某公司的总经理。 / 李华，现任某大学教授， / 王明系某厂厂长。 /
# 王明和李华都是种植大户。 / 王明，一位普通的快递员，…
POST_AFTER_NAME = compile_regex(r"(?:(?:[和与、及][\u4e00-\u9fa5]{2,4}?(?:都|均|也)|也|还|就|则|曾|原|都)?是|系"
                                r"|[，,]\s*(?:现任|现为|系|是|时任)?)(?:一名|一位|该|本)?"
                                r"(?P<post>[^，,。；;！？!?\n“”（）()]{2,30}?)(?=[，,。；;！？!?\n]|$)")
APPOSITION_NOT = set("和与跟同对向把被让给为在从及或但而也都就还")
CITY_GOVERNMENT = compile_regex(r"[省市县区](?:人民)?政府|[省市县区]委")     # 市政府: the government of the place
NOT_PLACE_BEFORE = set("城超都门股楼车夜上全该本我各每此")                  # 城市, 超市, 全市, 该市…
# 在某厂当技术员的(李明): where a person works and the post they hold there.
WORKS_AS = compile_regex(r"在(?P<org>[^，,。；;、的“”\n]{2,20}?)(?:做|当|任|担任|从事)"
                         r"(?P<post>[^，,。；;的“”\n]{1,10})的$")
TIME_LEADS = ("近年来", "今年", "去年", "近日", "日前", "目前", "昨天", "今天", "昨日", "今日", "此前", "当天",
              "随后", "最近", "如今", "现在", "同时", "此外")
NOT_A_NAME_START = set("这该那此本每各其一")     # 这家公司, 一家企业: no name
ORG_NAME_MAX = 16                 # characters of an organisation's name written before its kind
# What an organisation's name written in narration follows: a verb of reaching it or a preposition.
NAME_OPENERS = ("致电", "来到", "走进", "走访", "联系", "询问", "采访", "前往", "在", "从", "向", "到", "与",
                "和", "据", "由", "对")
ORG_ALIAS = compile_regex(r"[A-Za-z][A-Za-z0-9&.\-]{1,11}")      # 世界卫生组织（WHO）: the short name in brackets
LOCATIVE_CLAUSE = compile_regex(r"(?:^|(?<=[。！？!?；;\n]))在(?P<place>[^，,。！？!?；;“”\n]{2,36})[，,]\s*")


@dataclass
class Speaker:
    name: str = ""
    title: str = ""
    org: str = ""

    def is_empty(self) -> bool:
        return not (self.name or self.title or self.org)


@dataclass
class Mention:
    """A speaker phrase as read: `form` says how it must be resolved."""
    form: str                  # full | pronoun | anaphor | zero | relation (其奶奶) | medium (报纸说)
    speaker: Speaker
    start: int                 # where the phrase starts in the text
    person: bool = False       # the name was tagged PER (or is a known speaker)
    named_org: bool = False    # an organisation alone, and a named one (交通运输部, not 这家工厂)
    bare_role: bool = False    # a post alone, as the text names someone met before (老中医自称)


class SpeakerParser:
    def __init__(self, rules: RuleSet):
        lex = rules.lexicons.get("quotes", {})
        frags = rules.fragments.get("quotes", {})
        self.lead = compile_pattern(frags.get("speaker_lead", "^"), lex, frags)
        self.tail_run = compile_pattern("(?:" + frags.get("speaker_tail", "(?!)") + ")+", lex, frags)
        self.titles = tuple(sorted(set(lex.get("titles", [])), key=len, reverse=True))   # a tuple for str.endswith
        self.org_suffixes = tuple(sorted(set(lex.get("org_suffixes", [])), key=len, reverse=True))
        self.non_speakers = set(lex.get("non_speakers", []))
        # Verb-tagged words that modify a role rather than make a clause (有关人士, 分管副市长).
        self.role_modifiers = set(lex.get("role_modifiers", []))
        self.pronouns = set(lex.get("pronouns", []))
        self.relations = tuple(sorted(set(lex.get("relations", [])), key=len, reverse=True))
        self.said_nouns = tuple(lex.get("said_nouns", []))      # 回答, 看法: what a person said, as a noun
        self.generic_org_heads = set(lex.get("generic_org_heads", []))
        self.party_orgs = set(lex.get("party_orgs", []))      # 中方, 警方: a side speaking as one
        self.medium_mentions = set(lex.get("medium_mentions", []))
        self.honorifics = set(lex.get("honorifics", []))
        self.title_ranks = set(lex.get("title_ranks", [])) | {""}
        self.title_set = set(lex.get("titles", []))
        self.category_kinds = tuple(lex.get("category_kinds", []))
        self.post_fields = set(lex.get("post_fields", []))
        self.unit_heads = set(lex.get("unit_heads", []))
        self.nationals = set(lex.get("country_people", []))
        # 自称本地车主的男子: a person described by the role they claim.
        self.self_described = compile_regex(
            "^(?:" + lexicon_regex(lex["self_description_verbs"]) + ")(?P<role>[^的]+)的"
            if lex.get("self_description_verbs") else "(?!)")
        # 小区居民 / 该项目业主: the thing the text is about, before a role many hold, is not part of it.
        self.crowd_only = set(lex.get("crowd_roles", []))
        self.pointed_things = tuple(sorted(lex.get("pointed_things", []), key=len, reverse=True))
        # 头部物流平台: words that grade a kind of organisation, not part of what it is.
        self.category_determiner = compile_regex(
            "^(?:" + lexicon_regex(lex["category_determiners"]) + ")+" if lex.get("category_determiners") else "(?!)")
        self.tenure_words = set(lex.get("tenure_words", []))
        # Praise and provenance before a post (著名, 我国著名): a description, not the title.
        self.title_praise = compile_regex("^(?:" + lexicon_regex(lex["title_praise"]) + ")+") \
            if lex.get("title_praise") else None
        # Posts that mean nothing without the clause before them (接近监管的人士).
        self.clause_bound_roles = set(lex.get("clause_bound_roles", []))
        self.female = tuple(lex.get("female_words", []))
        self.male = tuple(lex.get("male_words", []))
        self.female_name_endings = set(lex.get("female_name_endings", []))
        self.male_name_endings = set(lex.get("male_name_endings", []))
        self.medium_endings = tuple(lex.get("medium_endings", []))
        self.party_bodies = tuple(sorted(set(lex.get("party_bodies", []) + lex.get("board_bodies", [])),
                                         key=len, reverse=True))
        self.same_org_bodies = tuple(sorted(set(lex.get("party_bodies", []) + lex.get("governing_bodies", [])),
                                            key=len, reverse=True))
        self.meeting = compile_regex("(?:" + lexicon_regex(lex["meeting_verbs"]) + ")(?:了|过)?") \
            if lex.get("meeting_verbs") else None
        kinds = lex.get("pointed_org_kinds", [])
        self.bare_org_heads = set(lex.get("bare_org_heads", []))
        # 该部门 / 该机构: words for any organisation, pointing at the last one named.
        self.any_org_kinds = set(lex.get("any_org_kinds", []))
        self.document_issued = compile_pattern(frags["document_issued"], lex, frags) \
            if frags.get("document_issued") else compile_regex("(?!)")
        self.report_source = compile_pattern(frags["report_source"], lex, frags) if frags.get("report_source") else None
        self.demonstrative_org = compile_regex("^(?:该|这家|这所|此|本)(?P<kind>" + lexicon_regex(kinds) + ")") \
            if kinds else None
        self.anaphor = (compile_regex("^" + lexicon_regex(lex["anaphor_markers"]))
                        if lex.get("anaphor_markers") else None)
        # 这位专家 / 该官员: a word for any post, standing for whoever was named with one.
        self.any_post_words = set(lex.get("any_post_words", []))
        # The writer asking (记者问, 笔者追问): a question of theirs is nobody's quote.
        self.writer_asks = compile_regex("^(?:本报)?(?:" + lexicon_regex(lex["question_askers"])
                                         + ")(?:又|再|接着|继续)?(?:问道|追问|反问|问)$") \
            if lex.get("question_askers") else compile_regex("(?!)")
        self.citing = compile_regex("(?:" + lexicon_regex(lex["citing_verbs"]) + ")(?:了)?") \
            if lex.get("citing_verbs") else None
        self.countries = set(lex.get("countries", []))
        # Posts many people hold (专家, 村民): alone, they name someone new, not the one named before.
        self.crowd_roles = set(lex.get("crowd_roles", [])) | self.clause_bound_roles
        # Words for a person by sex, no post (一位女士, 男子): no title when an organisation says more.
        self.sex_words = set(lex.get("sex_words", []))
        surnames = lex.get("common_surnames", []) + lex.get("compound_surnames", [])
        self.surname = compile_regex("^" + lexicon_regex(surnames)) if surnames else None
        title_re = lexicon_regex(self.titles) if self.titles else "(?!)"
        # A title directly followed by a surname and one or two characters: a name the model missed.
        name_after_title = f"(?P<name>(?:{lexicon_regex(surnames)})[\u4e00-\u9fa5]{{1,2}})$"
        self.title_then_name = compile_regex(title_re + name_after_title) if surnames else None
        self.ends_with_title = compile_regex(f"(?:{title_re})$") if self.titles else None
        self.any_title = compile_regex(title_re)
        named = f"(?P<name>(?:{lexicon_regex(surnames)})[\u4e00-\u9fa5]{{1,2}})"
        self.titled_names = compile_regex(f"(?:{title_re}){named}") if surnames else compile_regex("(?!)")
        self.post_list = compile_pattern(frags["post_list"], lex, frags) if frags.get("post_list") else None
        # 一群村民 / 几位专家 / 村民们: a crowd the text brings in by a role, whom a 他们 may mean.
        self.crowd = compile_regex(f"(?:{CROWD_COUNTS})[\u4e00-\u9fa5]{{0,10}}?(?:{title_re})(?![的之们])"
                                   f"|(?:{title_re})们") if self.titles else None
        # 一位老人 / 一名男子: one person the text brings in by a role alone, whom a 他/她 may mean.
        # (or by a role opening a sentence: 老人叹了口气。他说…)
        self.one_unnamed = compile_regex(f"(?:(?:[有另]?一|这|那)(?:位|名)[\u4e00-\u9fa5]{{0,8}}?|^|(?<=[。！？!?\n]))"
                                         f"(?:{title_re})(?![的之们])") if self.titles else None

    def looks_like_name(self, word: str) -> bool:
        """A name the model may have missed, where the context says a person stands (an interview
        label): Latin letters (Anna Weber, techfox), or a common surname and one or two characters
        that are not a title or a word of the lexicons (专家, 主持人)."""
        if LATIN_PERSON.fullmatch(word):
            return True
        m = self.surname.match(word) if self.surname else None
        return bool(m) and 2 <= len(word) <= m.end() + 2 and CHINESE.fullmatch(word) is not None \
            and not word.endswith(self.titles) and word not in self.non_speakers and word not in self.pronouns

    def title_addressed(self, text: str, name: str) -> str:
        """The title a question gives the person by surname (请问徐主任 -> 主任 for 徐绍史), or ""."""
        m = self.surname.match(name) if self.surname else None
        surname = name[:m.end()] if m else name[:1]
        at = text.find(surname)
        while at >= 0:
            after = text[at + len(surname):]
            title = next((t for t in self.titles if after.startswith(t)), "")
            if title and title not in ADDRESS_NOT_TITLES:
                return title
            at = text.find(surname, at + 1)
        return ""

    # --- phrase trimming ----------------------------------------------------

    def trim(self, text: str, start: int, end: int, boundaries: set[int] | None = None) -> tuple[int, int, bool]:
        """Drop lead words (据, 但, 一位…) and trailing adverbials (在会上, 对记者…).
        Returns the new bounds and whether lead words were dropped."""
        m = self.lead.match(text[start:end])      # on the slice: `^` in the fragment means the phrase start
        led = bool(m and m.end() > 0)
        if led:
            start += m.end()
        # The longest run of adverbial pieces ending the phrase, cut at a word boundary
        # (王正表示 keeps 王正: 正 inside a word is not the adverb 正).
        for i in range(start, end):
            if (boundaries is None or i in boundaries) and self.tail_run.fullmatch(text, i, end):
                end = i
                break
        while end > start and text[end - 1] in " \t\u3000":
            end -= 1
        while start < end and text[start] in " \t\u3000":
            start += 1
        return start, end, led

    # --- splitting ----------------------------------------------------------

    def is_addressed(self, word: str) -> bool:
        """A surname and an honorific (付女士, 王先生, 欧阳小姐): a person named as the article can."""
        m = self.surname.match(word) if self.surname else None
        return bool(m) and word[m.end():] in self.honorifics

    def surname_and_title(self, word: str) -> bool:
        """王局长, 李副主任, 张总: a surname and a post (a rank before it at most); not a whole
        name and a post (梁星人博士: name_and_title)."""
        m = self.surname.match(word) if self.surname else None
        if not m or m.end() >= len(word):
            return False
        rest = word[m.end():]
        if rest in ("总", "董", "老", "工"):
            return True
        return rest.endswith(self.titles) and self.bare_post(rest)

    def name_and_title(self, word: str) -> tuple[str, str] | None:
        """A name the model tagged together with the post after it (梁星人博士 -> 梁星人, 博士):
        a surname, one or two characters, then a title word."""
        if not word.endswith(self.titles):
            return None
        m = self.surname.match(word) if self.surname else None
        if not m or self.surname_and_title(word):
            return None
        # the longest title ending the word, after the surname and one or two characters
        cut = next((i for i in range(m.end() + 1, m.end() + 3) if word[i:] in self.title_set), None)
        if cut is None or word[cut:] in self.honorifics:
            return None
        return word[:cut], word[cut:]

    def subject_before_action(self, text: str, words: list[LacToken], known_names: set[str]) -> int | None:
        """Where the subject ends when the phrase is a person (a name, a pronoun) followed only by
        what they do or how (他很认真地, 李明笑着摇摇头, 吴安然轻轻): verbs and what they act on,
        adverbs, adjectives, particles, time words; not a noun right after the name (李明公司: the
        company), a title or relation (王明秘书), a 的, another person, or a preposition or
        conjunction bringing one in (他对王明, 他和妻子)."""
        words = [w for w in words if w.tag not in PUNCT_TAGS]
        at = next((i for i in range(len(words) - 1, -1, -1)
                   if words[i].tag == "PER" or words[i].text in self.pronouns or words[i].text in known_names), None)
        if at is None or at == len(words) - 1 or words[-1].end - words[at].end > ACTION_MAX:
            return None
        if at > 0 and not (words[at].tag == "PER" or words[at].text in known_names):
            return None                   # 王明和他: the pronoun is not the phrase's subject
        acted = False                     # a noun after a verb is what the person acts on (扬起眉毛)
        placing = False                   # after 在/于: a place or a time (王明在联合国说)
        for w in words[at + 1:]:
            if w.text in ("的", "之") or w.text in ADDRESSEE_MARKERS or w.tag == "PER" or w.text in self.pronouns \
                    or self.is_title_word(w.text) or self.is_relation(w.text):
                return None
            placed = placing and w.tag in PLACE_TAGS         # 在联合国, 在去年9月底: where and when
            if w.tag not in ACTION_TAGS and w.text != "地" and not (acted and w.tag in NOUN_TAGS) and not placed \
                    and w.text not in PLACE_PREPOSITIONS:
                return None
            placing = w.text in PLACE_PREPOSITIONS or placed
            acted = acted or w.tag in VERB_TAGS
        return words[at].end

    def post_in_aside(self, doc: Doc, aside: tuple[int, int], speaker: Speaker) -> Speaker:
        """What a parenthetical after a name adds: 纪小龙（某医院病理科主任）, 翟中和（院士、我国
        细胞研究领域前辈）, 刘天模教授（某大学材料系）. The first part ending with a title gives
        the title (and its organisation), a part that is an organisation the organisation."""
        text = text_of(doc)
        at = aside[0]
        for part in LIST_BREAK.split(text[aside[0]:aside[1]]):
            start, end = at, at + len(part)
            at = end + 1
            inside = [t for t in tokens_in(doc, start, end) if t.tag not in PUNCT_TAGS]
            if not inside or inside[0].start != start or inside[-1].end != end:
                inside = [LacToken(start, end, part, "n")]     # the model did not read it whole
            if not speaker.title and self.is_title_word(part):
                found = self.split_title_org(text, inside)
                speaker = Speaker(title=found.title, org=speaker.org or found.org)
            elif not speaker.org and self.is_title_word(part):
                # 胡某（飞行器设计专家、某大学教授）: a later post names the organisation.
                speaker = Speaker(title=speaker.title, org=self.split_title_org(text, inside).org)
            elif not speaker.org and part.endswith(self.org_suffixes) and not self.is_title_word(part):
                speaker = Speaker(title=speaker.title, org=clean_org(part))
        return speaker

    def several_parties(self, words: list[LacToken], text: str) -> bool:
        """Organisations listed together (南京、苏州等多地, 工信部和商务部) with no post after them."""
        joins = [i for i, w in enumerate(words) if w.text in PLURAL_JOINS and 0 < i < len(words) - 1]
        listed = any(self.is_org_word(words[i - 1], text) and self.is_org_word(words[i + 1], text) for i in joins)
        return (listed or any(w.text == "等" for w in words)) and not any(self.is_title_word(w.text) for w in words)

    def is_relation(self, word: str) -> bool:
        return bool(self.relations) and word.endswith(self.relations)

    def is_title_word(self, word: str) -> bool:
        return word.endswith(self.titles)

    def is_org_word(self, tok: LacToken, text: str) -> bool:
        # (a verb ending like an organisation word is none: 进行, 开会)
        return tok.tag in ("ORG", "LOC") or (tok.text.endswith(self.org_suffixes) and tok.tag not in VERB_TAGS) \
            or tok.text in self.party_orgs or is_latin_org(tok, text)

    def parse(self, doc: Doc, start: int, end: int, known_names: set[str] = frozenset()) -> Mention | None:
        """Read the speaker phrase doc.text[start:end]; None when it names no speaker."""
        text = text_of(doc)
        words = tokens_in(doc, start, end)
        boundaries = {t.start for t in words} if words else None
        opened = start
        start, end, led = self.trim(text, start, end, boundaries)
        # 一家电机厂的厂长: the lead words said the organisation is not named.
        unnamed_org = led and bool(INDEFINITE_ORG.search(text, opened, start))
        # 李亮（化名）: the parenthetical after a name is not part of it.
        aside = None          # 纪小龙（某医院病理科主任）: the post may stand in the parenthetical
        while (m := PARENTHETICAL.search(text, start, end)) and m.end() == end:
            aside = aside or (m.start() + 1, m.end() - 1)
            end = m.start()
            start, end, _ = self.trim(text, start, end, boundaries)
        phrase = text[start:end]
        if self.citing and (cited := self.citing.search(phrase)) and cited.end() < len(phrase):
            # 路透社援引消息人士(称): the one cited speaks, not the medium citing them.
            start, end, _ = self.trim(text, start + cited.end(), end, boundaries)
            phrase = text[start:end]
        if len(phrase) > 2 and phrase.endswith("们") and phrase[:-1] not in self.non_speakers \
                and (self.is_title_word(phrase[:-1]) or self.is_relation(phrase[:-1])):
            end -= 1              # 村民们 / 专家们: a crowd named by its role speaks as that role
            phrase = phrase[:-1]
        if not phrase:
            return None if led else Mention("zero", Speaker(), start)
        if phrase.endswith("的"):
            return None           # 引来了网友的吐槽：: the verb is a noun here, whoever it is of
        # 他突然扬起眉毛(说) / 吴安然轻轻(说道): the person, then what they do while speaking.
        acting = self.subject_before_action(text, tokens_in(doc, start, end), known_names)
        if acting is not None:
            end = acting
            phrase = text[start:end]
        if phrase in self.pronouns:
            return Mention("pronoun", Speaker(), start)
        if phrase in self.medium_mentions:
            if "有" in text[opened:start]:
                return None       # 有报道称 / 有媒体报道: some report, none in particular
            return Mention("medium", Speaker(), start)   # 报纸说: the medium quoted last
        if (outlet := MEDIUM_SITE.fullmatch(phrase)) and (outlet.group("site") or outlet.group("kind")
                                                          or outlet.group("title").endswith(self.medium_endings)):
            # 英国《泰晤士报》网站 / 德国《明镜》周刊: the outlet by its name, as it is cited
            return Mention("full", Speaker(org=outlet.group("title") + (outlet.group("kind") or "")), start,
                           named_org=True)
        if phrase.endswith("》") or phrase.startswith("《"):
            title = phrase[phrase.rfind("《") + 1:-1] if phrase.endswith("》") else ""
            if title.endswith(self.medium_endings):      # 英国《泰晤士报》报道: a medium speaks
                return Mention("full", Speaker(org=title), start, named_org=True)
            return None                                  # a document, not a speaker
        if STATISTIC.match(phrase):
            return None                                  # 79.3%的学生认为…: a survey result, not a speaker
        if PLACEHOLDER_ORG.fullmatch(phrase) and phrase.endswith(self.org_suffixes) and not self.is_title_word(phrase):
            # 某县融媒体中心 (the model reads a withheld name in pieces, 融 as a verb): one organisation
            return Mention("full", Speaker(org=clean_org(phrase)), start, named_org=True)
        anaphoric = False
        pointed = None            # 该院 / 这家公司: an organisation named before, by what it is
        if self.demonstrative_org and (m := self.demonstrative_org.match(phrase)):
            pointed = m.group("kind")
            if m.end() == len(phrase):            # 本院认为 / 该公司表示: the organisation itself
                org = self.organisation_pointed_at(doc, start, pointed)
                return Mention("full", Speaker(org=org), start, False, True) if org else None
            start += m.end()
            phrase = text[start:end]
        if self.anaphor:
            m = self.anaphor.match(phrase)
            if m and m.end() < len(phrase):
                anaphoric = True
                start += m.end()
                phrase = text[start:end]
        words = self.whole_names(latin_names(text, [t for t in tokens_in(doc, start, end)
                                                    if t.tag not in PUNCT_TAGS or t.text in "、"]))
        if len(words) > 2 and (words[-1].tag == "PER" or self.is_relation(words[-1].text)) \
                and words[-2].text in ADDRESSEE_MARKERS:
            # 美国学生对孙某说 / 她对丈夫说: the one after 对 is spoken to, the speaker stands before.
            end = words[-2].start
            start, end, _ = self.trim(text, start, end, boundaries)
            words = [t for t in words if t.end <= end]
            phrase = text[start:end]
            if not words:
                return None
        if not words:
            words = [LacToken(start, end, phrase, "n")]
        if words[-1].text in self.non_speakers or phrase in self.non_speakers:
            return None
        name, person = "", False
        last = words[-1].text
        if words[-1].tag == "PER" and len(last) >= 3 and last.endswith("家") \
                and text.count(last[:-1]) > text.count(last):
            # 小花家 (小花 named alone elsewhere): a household speaking as one, named by its tie
            # to a person, as a crowd by its role (no name of a person).
            return Mention("full", Speaker(title=last), start)
        if last == "家" and len(words) == 2 and words[0].tag == "PER" and words[0].end == words[1].start:
            return Mention("full", Speaker(title=words[0].text + last), start)      # (小芳 + 家, as cut)
        if self.is_relation(words[-1].text) and words[-1].end == end and not self.has_main_verb(words):
            if any(w.text in PLURAL_JOINS for w in words):
                return None               # 小花奶奶、小刚奶奶: several speakers, none of them alone
            # 小花母亲 / 王明的妻子: someone named by their tie to another; the name before the
            # relation is the other person's, so the whole phrase is the speaker's role.
            holder = words[:-1]
            if m := POSSESSIVE_RELATION.fullmatch(phrase):
                if self.is_relation(m.group(1)):
                    # 其奶奶 / 他的妻子: the tie is to the person the pronoun stands for.
                    return Mention("relation", Speaker(title=m.group(1)), start)
            if len(holder) == 2 and holder[1].text == "的" and \
                    (holder[0].tag == "PER" or holder[0].text in known_names):
                phrase = holder[0].text + words[-1].text          # 小刚的爷爷 is 小刚爷爷
            return Mention("full", Speaker(title=re.sub(r"^[的之\s]+", "", phrase)), start)
        if self.is_addressed(words[-1].text) and words[-1].end == end:
            # 付女士 / 王先生: how the article names someone: their name, as far as it goes.
            named = self.split_title_org(text, words[:-1])
            return Mention("full", Speaker(name=words[-1].text, title=named.title, org=named.org), start, True)
        if words[-1].tag == "PER" and (split := self.name_and_title(words[-1].text)):
            # 梁星人博士: the name and the post, read as one word by the model.
            named = self.split_title_org(text, words[:-1])
            return Mention("full", Speaker(name=split[0], title=named.title or split[1], org=named.org), start, True)
        if words[-1].tag == "PER" and self.surname_and_title(words[-1].text):
            # 王局长 / 李总: a surname and a title, resolved against the speakers met before.
            return Mention("full", Speaker(title=words[-1].text), start)
        if words[-1].tag == "PER":
            name, person = words[-1].text, True
            words = words[:-1]
            if words and words[-1].tag == "PER" and text.startswith(name, words[-1].end) and \
                    not (self.surname and self.surname.match(words[-1].text)):
                # 詹姆士潘迪拉: a transliterated name the model tagged as two persons back to back
                # (two Chinese names side by side would each open with a surname).
                name, words = words[-1].text + name, words[:-1]
        elif len(words) > 1 and words[-2].tag == "PER" and self.is_title_word(words[-1].text):
            # 洪友廉教授: a name followed by a title; the title counts when none comes before.
            name, person = words[-2].text, True
            words = words[:-2] if any(self.is_title_word(w.text) for w in words[:-2]) else words[:-2] + words[-1:]
        elif phrase in known_names:
            name, person, words = phrase, True, []
        elif self.title_then_name and (m := self.title_then_name.search(phrase)):
            name, person = m.group("name"), True
            cut = end - len(name)
            words = [t if t.end <= cut else LacToken(t.start, cut, text[t.start:cut], t.tag)
                     for t in words if t.start < cut]
        if not name and (self.has_main_verb(words, self.role_modifiers) or self.has_preposition(words)):
            return None       # a clause (苏州发布相关提醒, 对于这家企业来), not a role or an organisation
        if not name and self.several_parties(words, text):
            return None       # 南京、苏州等多地: several speakers, none of them alone
        speaker = self.split_title_org(text, words)
        if name and aside and not (speaker.title and speaker.org):
            speaker = self.post_in_aside(doc, aside, speaker)
        elif aside and not name and speaker.org and not speaker.title and text[aside[1]] in "）)" \
                and ORG_ALIAS.fullmatch(text, *aside) and text.startswith(speaker.org, aside[0] - 1 - len(speaker.org)):
            speaker.org = text[aside[0] - 1 - len(speaker.org):aside[1] + 1]      # 英国广播公司（BBC）: one org
        if pointed is None and speaker.org in self.bare_org_heads:
            # 公司副总经理王明 / 中心的一位女士: the company or centre named before (else the kind,
            # as the text writes it: 研究所负责人).
            speaker.org = self.organisation_pointed_at(doc, start, speaker.org) or speaker.org
        if not name and pointed is None and speaker.title and speaker.org \
                and (unnamed_org or self.category_determiner.match(speaker.org)
                     or led and INDEFINITE_ROLE.search(text, opened, start)) \
                and self.only_a_category(text, words, speaker.org):
            # 一位物流平台的市场部人士 / 有电商平台高管 / 一家头部物流平台的高管: an organisation
            # named by its kind alone says what the role is, not whom it speaks for.
            if self.bare_post(speaker.title):
                speaker.title = self.category_determiner.sub("", speaker.org) + speaker.title
            speaker.org = ""
        if unnamed_org or speaker.org in self.pointed_things and speaker.title in self.crowd_only \
                or speaker.org in self.countries and speaker.title in self.nationals:
            speaker.org = ""      # (小区居民, 美国游客: a resident, a tourist, speaking for no one)
        if pointed is not None:
            # 该院急诊科主任: the department is the pointed organisation's.
            speaker.org = self.organisation_pointed_at(doc, start, pointed) + speaker.org
            anaphoric = anaphoric or not name
        speaker.name = name
        if speaker.is_empty():
            return None
        after_de = speaker.title[speaker.title.rfind("的") + 1:]
        if not name and "的" in speaker.title and not self.any_title.search(after_de) \
                and not self.is_relation(speaker.title):
            return None           # 对普通网民需求的了解(与判断): a title word inside a clause, no role
        if not name and not speaker.title and not speaker.org:
            return None
        if not name and not speaker.title and SEVERAL.search(speaker.org):
            return None           # 国内一些政府部门: several organisations, none speaking as one
        if anaphoric and not name:
            return Mention("anaphor", speaker, start)
        named_org = not name and not speaker.title and self.names_organisation(text, words, speaker.org)
        # (not after lead words: 有专家表示 / 一位专家表示 is someone else, not the expert named before)
        bare_role = not name and not led and not speaker.org and pointed is None and phrase.strip() == speaker.title
        if not name and not speaker.title and CITY_GOVERNMENT.fullmatch(speaker.org):
            # 市政府认为: the government of the place of that kind named before (宁波市…。市政府).
            place = self.place_named_before(doc, start, speaker.org[0])
            if place:
                speaker.org, named_org = place + speaker.org[1:], True
        return Mention("full", speaker, start, person, named_org, bare_role)

    def bare_post(self, title: str) -> bool:
        """A title word alone, a rank before it at most (高管, 人士, 副总裁)."""
        # (each way to cut it into a rank and a title: as many as it has characters)
        return any(title[cut:] in self.title_set and title[:cut] in self.title_ranks for cut in range(len(title)))

    def only_a_category(self, text: str, words: list[LacToken], org: str) -> bool:
        """An organisation written as a kind with no name (物流平台, 数据公司, 市场部): it ends with
        one of the category_kinds, no word of it is a named organisation or place, a country or a
        side (华为公司, 宁波市, 中方), and it is no placeholder for a name (某科技公司)."""
        if org.startswith("某") or not org.endswith(self.category_kinds) or org.endswith(PLACE_NAME_ENDS) \
                or org in self.countries:
            return False
        at = text.rfind(org, words[0].start, words[-1].end) if words else -1
        if at < 0:
            return False
        return not any(w.tag in ("ORG", "LOC", "PER") or is_latin_org(w, text) or w.text in self.party_orgs
                       for w in words if w.start < at + len(org) and w.end > at)

    def place_named_before(self, doc: Doc, at: int, kind: str) -> str:
        """The nearest place of `kind` (市, 省, 县, 区) named within POINTED_REACH before `at`, as the
        segmenter wrote it (宁波市, or 宁波 + 市), or "" (城市, 超市 and 全市 are no places)."""
        text = text_of(doc)
        i = text.rfind(kind, max(0, at - POINTED_REACH), at)
        while i > 0:
            span = doc.char_span(i, i + 1, alignment_mode="expand")
            if span is not None and len(span) == 1:
                word = span[0]
                if word.text == kind and word.i > 0:
                    place = word.nbor(-1).text + kind
                else:             # 杭州市, or 杭州市委 read as one word
                    place = word.text[:i + 1 - word.idx]
                if len(place) >= 3 and CHINESE.fullmatch(place) and place[-2] not in NOT_PLACE_BEFORE:
                    return place
            i = text.rfind(kind, max(0, at - POINTED_REACH), i)
        return ""

    def organisation_pointed_at(self, doc: Doc, at: int, kind: str) -> str:
        """The organisation 该院 / 这家公司 points back at: the last one the model tagged before
        `at`, within reach, that is of that kind (ends with 院, 公司…); "" when none is found."""
        ends = ORG_KINDS.get(kind, (kind,))
        text = text_of(doc)
        for org in reversed(entities(doc, "ORG", max(0, at - POINTED_REACH), at)):
            if (org.text.endswith(ends) or kind in self.any_org_kinds) and len(org.text) > len(kind):
                return clean_org(self.named_in_full(doc, org))
        # The model has not read it (记者致电某市体育中心，中心的…): the name written before, from
        # a clause break or a verb of reaching it to the kind (该行: 银行, not 进行).
        best = -1, ""
        for written in ([kind] if len(kind) >= 2 else [k for k in ends if len(k) >= 2]):
            i = text.rfind(written, max(0, at - POINTED_REACH), at - 1)
            while i > best[0]:
                name = name_run_before(text, i + len(written))
                if len(name) > len(written) + (0 if name.startswith("某") else 1):     # (某银行, not 的银行)
                    best = i, clean_org(name)
                    break
                i = text.rfind(written, max(0, at - POINTED_REACH), i)
        return best[1]

    @staticmethod
    def named_in_full(doc: Doc, org: LacToken) -> str:
        """An organisation the model tagged, as the text first wrote it: with a withheld name
        and the place before it (杭州市 + 某 + 区城管局, 某市 + 市场监督管理局)."""
        text = text_of(doc)
        withheld = WITHHELD_BEFORE.search(text, max(0, org.start - 3), org.start)
        start = withheld.start() if withheld else org.start
        place = next((p for p in entities(doc, "LOC", max(0, start - 12), start) if p.end == start), None)
        return text[place.start if place else start:org.end]

    def whole_names(self, words: list[LacToken]) -> list[LacToken]:
        """Names the model cut short, made whole: a transliterated name whose first character it
        read as a word of its own (秘书 + 朝 + 格特巴特尔 / 别 + 佳耶夫: a name that opens with no
        surname, right after a one-character noun), and a Chinese name whose last character it
        left before a title (梁星 + 人 + 博士)."""
        if not any(w.tag == "PER" for w in words):
            return words
        out: list[LacToken] = []
        for i, w in enumerate(words):
            prev = out[-1] if out else None
            if w.tag == "PER" and prev is not None and prev.end == w.start and len(prev.text) == 1 \
                    and (prev.tag in ("n", "nz") and (len(out) == 1 or self.is_title_word(out[-2].text)
                                                      or out[-2].tag in ("ORG", "LOC"))
                         # 发言人 + 扎 + 哈罗娃: read as a verb, right after a title
                         or prev.tag == "v" and len(out) > 1 and self.is_title_word(out[-2].text)) \
                    and not self.is_title_word(prev.text) and not prev.text.endswith(self.org_suffixes) \
                    and not (self.surname and self.surname.match(w.text)):
                out[-1] = LacToken(prev.start, w.end, prev.text + w.text, "PER")
                continue
            if prev is not None and prev.tag == "PER" and len(prev.text) == 2 and len(w.text) == 1 \
                    and prev.end == w.start and w.tag == "n" and i + 1 < len(words) \
                    and words[i + 1].start == w.end and self.is_title_word(words[i + 1].text) \
                    and not self.is_title_word(w.text) and self.surname and self.surname.match(prev.text):
                out[-1] = LacToken(prev.start, w.end, prev.text + w.text, "PER")
                continue
            out.append(w)
        return out

    def joint(self, doc: Doc, start: int, end: int, known_names: set[str] = frozenset()) -> list[Mention] | None:
        """Persons or roles saying the same thing together (王明和李华都表示, 小花奶奶、小刚奶奶均表示):
        each part of the phrase, split at 、/和/与/及, names a person or a role; None otherwise."""
        text = text_of(doc)
        if not JOINT_HINT.search(text, start, end):
            return None
        words = tokens_in(doc, start, end)
        start, end, _ = self.trim(text, start, end, {t.start for t in words} if words else None)
        joins = [w for w in words if start < w.start and w.end < end and w.text in PLURAL_JOINS]
        if not joins:
            return None
        parts, at = [], start
        for j in joins + [LacToken(end, end, "", "w")]:
            mention = self.parse(doc, at, j.start, known_names)
            if mention is None or mention.form != "full" or not (mention.person or mention.speaker.title):
                return None
            parts.append(mention)
            at = j.end
        # Each a person, or each someone's tie (小花奶奶、小刚奶奶); posts listed before one name
        # (市委副书记、县委书记王明) are one speaker's.
        if all(p.speaker.name for p in parts) or all(self.is_relation(p.speaker.title) for p in parts):
            return parts
        return None

    def names_organisation(self, text: str, words: list[LacToken], org: str) -> bool:
        """Whether `org` (read from `words`) names one organisation: the model or the entity
        rules tag it ORG/LOC (苹果, 克里姆林宫), or a noun opens a phrase that ends with an
        organisation word (市场监管总局). A class of organisations (这家工厂, 中小企业, 地方政府)
        or a determiner before the word is not a name."""
        if not org or not words:
            return False
        at = text.rfind(org, words[0].start, words[-1].end)
        own = [w for w in words if at >= 0 and at <= w.start and w.end <= at + len(org)]
        if own and PLACEHOLDER_ORG.fullmatch(org) and org.endswith(self.org_suffixes):
            return True               # 某市应急管理局, 某集团: a name the text withholds, one organisation
        if not own or own[0].tag == "r" or own[0].text in self.generic_org_heads:
            return False              # 这片海域…, 该公司, 中小企业
        if len(own) == 1 and is_latin_org(own[0], text):
            return True               # SBS, IDC
        if any(w.tag in ("ORG", "LOC") for w in own) or (len(own) == 1 and own[0].text in self.party_orgs):
            return True
        return len(own) > 1 and own[-1].text.endswith(self.org_suffixes) and own[0].tag in NOUN_TAGS

    def described_elsewhere(self, doc: Doc, name: str) -> Speaker | None:
        """The first "<org><title><name>" anywhere in the text, split with the lexicons
        alone (the NER model has not seen sentences without a speech cue): the title is
        what follows the last organisation ending before the title word."""
        if not self.ends_with_title or len(name) < 2:
            return None
        text = text_of(doc)
        for m in re.finditer(re.escape(name), text):
            at = max(0, m.start() - DESCRIPTION_MAX)
            before = text[at:m.start()]
            cut = max(before.rfind(ch) for ch in DESCRIPTION_BREAKS) + 1
            # 陈冰和文案宣传员王一铎 / 吴安然与某局局长盛璟晶: another person, then a conjunction.
            partner = None        # (某银行行长王明和副行长李华: where the other person's description is)
            for join in PERSON_JOIN.finditer(before, cut):
                if self.titled_names.search(before, cut, join.start()) or \
                        any(p.end == at + join.start() for p in entities(doc, "PER", at + cut, at + join.start())):
                    partner, cut = (at + cut, at + join.start()), join.end()
            if cut == len(before) and before.endswith(("，", ",")):
                # 作为一家外贸企业的总经理，王明…: the post given in a clause before the name.
                clause = text[max(0, m.start() - DESCRIPTION_MAX):m.start() - 1]
                opens = clause.rfind("作为")
                if opens >= 0 and not any(ch in DESCRIPTION_BREAKS for ch in clause[opens:]):
                    at, before, cut = m.start() - 1 - len(clause) + opens + 2, clause[opens + 2:], 0
            if works := WORKS_AS.search(before, cut):
                # 在一家助贷平台做中层的孙丹: the post held there, and where (unless unnamed).
                if self.is_title_word(works.group("post")):
                    org = "" if INDEFINITE_ORG.search(works.group("org")) else clean_org(works.group("org"))
                    return Speaker(name=name, title=self.bare_title(works.group("post")), org=org)
            lead = self.lead.match(before[cut:])
            unnamed_org = bool(lead and INDEFINITE_ORG.search(lead.group(0)))
            at, before = at + cut + (lead.end() if lead else 0), before[cut + (lead.end() if lead else 0):]
            if self.meeting and (met := list(self.meeting.finditer(before))):
                # 记者采访了某公司副总裁王明: the description starts after the verb of meeting.
                at, before = at + met[-1].end(), before[met[-1].end():]
            t = self.ends_with_title.search(before)
            if not t or t.end() != len(before):
                continue
            post = self.post_described(doc, at, before, t.start(), unnamed_org)
            if post is not None and not post.org and partner is not None and not unnamed_org:
                post.org = self.partners_org(doc, *partner)       # 副行长李华 of the same bank
            if post is not None:
                return Speaker(name=name, title=post.title, org=post.org)
        for m in re.finditer(re.escape(name), text):
            # 王明是某新材料公司的总经理 / 李华，现任某大学教授: the post given after the name.
            after = POST_AFTER_NAME.match(text, m.end())
            if not after or (m.start() > 0 and text[m.start() - 1] not in SUBJECT_BEFORE | JOINS
                             and not text.endswith(self.relations, 0, m.start())):
                continue          # (the name opens the clause, or follows a tie: 她的丈夫张建军也是…)
            before = after.group("post")
            if before[:1] in APPOSITION_NOT or any(p in before for p in ("他", "她", "我", "你")):
                continue          # 王明，和他的老师…: a clause, not a post in apposition
            t = self.ends_with_title.search(before)
            if not t or t.end() != len(before) or "的" in before[:t.start()].rstrip("的").replace("的", "", 1):
                continue
            post = self.post_described(doc, after.start("post"), before, t.start(), False)
            if post is not None:
                return Speaker(name=name, title=post.title, org=post.org)
        return None

    def partners_org(self, doc: Doc, start: int, end: int) -> str:
        """The organisation of the "<org><post><name>" written at text[start:end] (某银行行长王明, before
        和副行长李华), or ""."""
        text = text_of(doc)
        m = self.titled_names.search(text, start, end)
        if not m or m.end() != end or not self.ends_with_title:
            return ""
        before = text[start:m.start("name")]
        if self.meeting and (met := list(self.meeting.finditer(before))):
            start, before = start + met[-1].end(), before[met[-1].end():]      # 记者采访了某公司总经理王明
        lead = self.lead.match(before)
        if lead and lead.end():
            if INDEFINITE_ORG.search(lead.group(0)):
                return ""
            start, before = start + lead.end(), before[lead.end():]
        t = self.ends_with_title.search(before)
        post = self.post_described(doc, start, before, t.start(), False) if t and t.end() == len(before) else None
        return post.org if post is not None else ""

    def post_described(self, doc: Doc, at: int, before: str, title_at: int, unnamed_org: bool) -> Speaker | None:
        """The organisation and post of a description `before` (text from `at`) ending with a
        title word that starts at `title_at`; None when it is a clause rather than a post."""
        if before[:1] in COMPARISON_WORDS and title_at >= 1:
            at, before, title_at = at + 1, before[1:], title_at - 1      # 和学生小丽一样: not part of the post
        # The organisation ends at a word boundary (委 in 委托 is no 委员会) and starts
        # after a relative clause (身陷债务纠葛的某卫生院).
        words = doc.char_span(at, at + len(before), alignment_mode="expand") or []
        word_ends = {tok.idx + len(tok.text) - at for tok in words}
        org_end = max((i for i in range(1, title_at + 1)           # (or where the title starts: 银行 + 行长)
                       if (i in word_ends or i == title_at) and before[:i].endswith(self.org_suffixes)), default=0)
        org_from = max(before.rfind("的", 0, org_end), before.rfind("、", 0, org_end)) + 1 if org_end else 0
        org = clean_org(before[org_from:org_end]) if org_end else ""
        if len(org) < 3:
            org, org_end = "", 0      # 科技打假人士: a two-character "organisation" is a word
        if not org_end and before[:title_at] in self.countries:
            org, org_end = before[:title_at], title_at       # 马里总理(马伊加): the country's
        if unnamed_org:
            org = ""                  # 一家数据公司的副总裁: the organisation is not named
        title = self.first_title(re.sub(r"^[的之、\s]+", "", before[org_end:]))
        title = self.without_praise(title)            # 著名科普作家 -> 科普作家
        if not org and "的" in title:
            title = title[title.rfind("的") + 1:]     # 饱受种子之苦的种植大户: the post after the clause
            title = self.without_praise(title, keep=self.clause_bound_roles)     # 来自泸州的个体老中医 -> 老中医
        if not org and len(title) > SHORT_TITLE:
            return None           # a long description without an organisation: a clause, not a post
        return Speaker(title=title, org=org) if title else None

    def locative_org(self, doc: Doc, start: int) -> str:
        """The organisation a role speaks for when the sentence sets the scene there first
        (在华为深圳总部，一位工程师表示…): the clause right before the phrase, opened by 在,
        ending with an organisation word; after its last 的 (在全球最大的X公司)."""
        text = text_of(doc)
        m = LOCATIVE_CLAUSE.search(text, max(0, start - 40), start)
        if not m or m.end() != start:
            return ""
        words = [t for t in tokens_in(doc, m.start("place"), m.end("place")) if t.tag not in PUNCT_TAGS]
        if not words or words[0].start > m.start("place"):
            # The model did not see the whole clause: jieba's words, read with the lexicons.
            span = doc.char_span(m.start("place"), m.end("place"), alignment_mode="contract") or []
            words = [LacToken(t.idx, t.idx + len(t.text), t.text, "n") for t in span if not t.is_punct]
        last_de = max((i for i, w in enumerate(words) if w.text in ("的", "之")), default=-1)
        words = words[last_de + 1:]
        if not words or not any(self.is_org_word(w, text) for w in words):
            return ""
        return clean_org(text[words[0].start:words[-1].end])

    @staticmethod
    def has_preposition(words: list[LacToken]) -> bool:
        """A preposition heading the phrase (对于这家企业来) or after its last 的; one inside
        a relative clause (在流水线上忙碌的工人) leaves a role."""
        last_de = max((i for i, w in enumerate(words) if w.text in ("的", "之")), default=-1)
        return any(w.tag == "p" for w in words[last_de + 1:]) or (bool(words) and words[0].tag == "p" and last_de < 0)

    @staticmethod
    def has_main_verb(words: list[LacToken], modifiers: set[str] = frozenset()) -> bool:
        """A verb that is not inside a relative clause (接近监管的人士 has one, before 的)
        nor a role modifier (有关高层人士)."""
        last_de = max((i for i, w in enumerate(words) if w.text in ("的", "之")), default=-1)
        return any(w.tag in VERB_TAGS and w.text not in modifiers for w in words[last_de + 1:])

    def split_title_org(self, text: str, words: list[LacToken]) -> Speaker:
        """Org and title from the words before the name."""
        while words and (words[0].text in self.tenure_words or words[0].tag in TIME_TAGS):
            words = words[1:]             # 现任某银行行长: the post, not the verb of holding it; 一日美国学生
        if len(words) > 1 and words[-1].text == "的" and self.is_title_word(words[-2].text):
            words = words[:-1]            # 现任某银行行长的(李华)
        if not words:
            return Speaker()
        # A title word ends where a word ends (投资 + 人 is 投资人). A relative clause
        # (主管招商的…副主任) may hold a title-like word: look after its 的 first.
        last_de = max((i for i, w in enumerate(words) if w.text == "的"), default=-1)
        first_title = None
        for head in ((last_de + 1, 0) if last_de >= 0 else (0,)):
            first_title = next((i for i in range(head, len(words))
                                if self.is_title_word(text[words[head].start:words[i].end])), None)
            if first_title is not None:
                break
        if first_title is None:
            if len(words) > 1 and words[-1].text in ("的", "之") and self.is_org_word(words[-2], text) \
                    and words[-2].tag != "LOC" and not words[-2].text.endswith(PLACE_NAME_ENDS):
                # 某研究部的(王明): the organisation of the name after it; not a place (某村的王明
                # lives there, and does not speak for it).
                words = words[:-1]
            # No title word: an organisation speaking (交通运输部, 龙湖方面), or nothing usable.
            if self.is_org_word(words[-1], text) or (words[-1].text in ("方面", "官方") and len(words) > 1):
                # 长期从事鞋类研究的某某研究所: the organisation follows the relative clause.
                head = words[last_de + 1] if 0 <= last_de < len(words) - 1 else words[0]
                return Speaker(org=clean_org(text[head.start:words[-1].end]))
            return Speaker()
        # A relative clause before the organisation (主抓培训的某某学校校长) is not part of it;
        # an organisation word inside one (接近监管部门的人士) is not the speaker's.
        org_end = None
        for i in range(first_title - 1, -1, -1):
            if self.is_org_word(words[i], text):
                org_end = i
                break
        org_from = 1 + max((i for i, w in enumerate(words[:org_end or 0]) if w.text == "的"), default=-1)
        if org_end is not None and (words[org_from].tag.startswith("v")
                                    or words[org_from].tag == "d" and self.has_main_verb(words[org_from:org_end + 1])):
            org_end = None        # 负责监管部门人士 / (两年)未和妻子发生性关系的男子: a verb phrase, no organisation
        if org_end is not None and org_end < first_title \
                and not self.is_title_word(text[words[org_end + 1].start:words[first_title].end]):
            org_end = None        # 企业 + 主: the title word (企业主) runs into the organisation word; no cut inside it
        if org_end is not None and words[org_end].tag == "ORG":
            # 某集团云鼎品牌总监: the name of a unit or brand after a named organisation (one word,
            # or single characters the segmenter left) is part of the organisation, when the post
            # after it names its field (品牌总监, 产品总监) or the name was left in pieces.
            run = org_end + 1
            while run < first_title and words[run].text not in self.post_fields and CHINESE.fullmatch(words[run].text) \
                    and (len(words[run].text) == 1 and words[run].text not in "的之副总老小大"
                         or words[run].tag in ("n", "nz") and not self.is_title_word(words[run].text)):
                run += 1
            pieces = all(len(w.text) == 1 for w in words[org_end + 1:run]) and run - org_end > 2
            # 红米品牌总经理 / 手机业务CEO: a post heading the unit takes no field; the unit,
            # its kind included, is the organisation's.
            heads = text[words[run + 1].start:words[-1].end] in self.unit_heads if run + 1 < len(words) else False
            if run > org_end + 1 and words[run].text in self.post_fields and heads:
                org_end = run
            elif run > org_end + 1 and (words[run].text in self.post_fields or pieces):
                org_end = run - 1
        org = clean_org(text[words[org_from].start:close_bracket(text, words[org_from].start, words[org_end].end)]) \
            if org_end is not None else ""
        title_from = org_end + 1 if org_end is not None else 0
        if 0 < last_de < first_title and (org_end is None or org_end > last_de) \
                and self.is_org_word(words[last_de - 1], text):
            # 某基金公司的基金经理: the organisation before 的, the whole post after it (an
            # organisation word inside the post is the post's: 基金经理); not a clause before 的.
            lead_de = max((i for i, w in enumerate(words[:last_de]) if w.text == "的"), default=-1)
            own = words[lead_de + 1:last_de]
            if own and not own[0].tag.startswith("v") and not self.has_main_verb(own, self.role_modifiers):
                org, title_from = clean_org(text[own[0].start:own[-1].end]), last_de + 1
        title = text[words[title_from].start:words[-1].end] if title_from < len(words) else ""
        title = re.sub(r"^[的之、\s]+", "", title)
        title = INDEFINITE_IN_TITLE.sub("", title)
        if (m := LOCAL_PREFIX.match(title)) and self.is_title_word(title[m.end():]):
            title = title[m.end():]       # 当地村民 / 现场工作人员: where they are, not what they are
        title = PLACE_DEICTIC.sub("", ASIDE_IN_TITLE.sub("", title))
        title = self.bare_title(title)
        if (m := INDEFINITE_IN_TITLE.match(title)) and m.end() and self.is_title_word(title[m.end():]):
            title = title[m.end():]       # 村里的一位老党员: the count after the place's 的
        if org_end is None and title_from == 0:
            # 经济学家、某大学教授: the post bound to an organisation, next to the name, is the one given.
            org, title = self.later_post_with_org(title) or (org, title)
        org, title = self.party_body_into_title(org, self.first_title(title))
        if title and DEMONSTRATIVE_ORG.match(org):
            org = ""          # 这家诊所的所长: which clinic is not said here, and is no name
        return Speaker(title=title, org=org)

    def later_post_with_org(self, posts: str) -> tuple[str, str] | None:
        """(org, title) of a post listed after the first when the first names no organisation
        (咨询师、某公司高级工程师 -> 某公司, 高级工程师): the post the speaker holds there, or None."""
        for part in LIST_BREAK.split(posts)[1:]:
            t = self.ends_with_title.search(part) if self.ends_with_title else None
            if not t or t.end() != len(part):
                continue
            org_end = max((i for i in range(3, t.start() + 1) if part[:i].endswith(self.org_suffixes)), default=0)
            if org_end:
                return clean_org(part[:org_end]), part[org_end:]
        return None

    def without_praise(self, title: str, keep: set[str] = frozenset()) -> str:
        """The post without the praise or provenance before it (著名科普作家 -> 科普作家), when what
        is left is a post and not one of `keep` (posts meaningless alone)."""
        m = self.title_praise.match(title) if self.title_praise else None
        if m and self.is_title_word(rest := title[m.end():]) and rest not in keep:
            return rest
        return title

    def bare_title(self, title: str) -> str:
        """The post without the description before it: a relative clause (当年参加过会战的老工人 ->
        老工人, unless the post means nothing alone: 接近监管的人士) and praise (著名科普作家 ->
        科普作家)."""
        if "的" in title:
            after = title[title.rfind("的") + 1:]
            if after and after not in self.clause_bound_roles and self.is_title_word(after):
                title = after
            elif after in self.sex_words and (m := self.self_described.match(title)) \
                    and (role := next((t for t in self.titles if m.group("role").endswith(t)), "")):
                claimed = m.group("role")[:-len(role)]
                rank = next((r for r in sorted(self.title_ranks, key=len, reverse=True) if claimed.endswith(r)), "")
                title = rank + role   # 自称本地车主的男子 / 自称公司老员工的女子: the role they give themselves
        title = self.without_praise(title)
        thing = next((t for t in self.pointed_things if title.startswith(t)), "")
        if thing and title[len(thing):] in self.crowd_only:
            title = title[len(thing):]        # 小区居民, 项目业主: one of many, of the place the text is about
        return title

    def first_title(self, title: str) -> str:
        """The first post when several are given, as the schema asks; posts joined by 、 that
        belong to the same organisation are one (党组书记、局长; 市委常委、常务副市长), a post at
        another organisation ends the list (副秘书长、市发展改革委主任 -> 副秘书长)."""
        parts = LIST_BREAK.split(title)
        if len(parts) == 1 or not (self.ends_with_title and self.ends_with_title.search(parts[0])):
            return title
        kept = [parts[0]]
        if title[len(parts[0])] == "、":
            for part in title[len(parts[0]) + 1:].split("、"):
                if not self.same_organisation_post(part):
                    break
                kept.append(part)
        return "、".join(kept)

    def same_organisation_post(self, post: str) -> bool:
        """A post with no organisation of its own before the title word (局长, 常务副市长), or
        only a body of the same organisation (管委会副主任, 党组成员)."""
        t = self.ends_with_title.search(post) if self.ends_with_title else None
        if not t or t.end() != len(post):
            return False
        before = post[:t.start()]
        for body in self.same_org_bodies:
            before = before.replace(body, "")
        return not any(suffix in before for suffix in self.org_suffixes)

    def party_body_into_title(self, org: str, title: str) -> tuple[str, str]:
        """A party body ending the organisation belongs to the post: 某公司党委 + 书记 -> 某公司,
        党委书记; a place's committee keeps the place: 某市委 + 常委 -> 某市, 市委常委."""
        if not title or not org:
            return org, title
        body = next((b for b in self.party_bodies if org.endswith(b) and len(org) > len(b) + 1), None)
        if body:
            return org[:-len(body)], body + title
        if len(org) > 2 and org.endswith("委") and org[-2] in PLACE_CHARS:
            # 某县县委 + 副书记: the place is written once more before its committee (某县, 县委副书记).
            place = org[:-2] if len(org) > 3 and org[-3] == org[-2] else org[:-1]
            return place, org[-2:] + title
        if title[:1] in PLACE_CHARS and title[1:2] == "委" and not org.endswith(title[0]):
            return org + title[0], title          # 江苏 + 省委书记: the organisation is 江苏省
        return org, title

    def first_post(self, doc: Doc, start: int) -> Speaker | None:
        """The first of several posts listed with commas right before a speaker phrase starting
        at `start` (某区委副书记，区长、党组书记，王明表示 -> 区委副书记 of 某区), when every part of
        the list is a post (a title word, no verb: not 他是一名医生，妻子王芳说)."""
        text = text_of(doc)
        if self.post_list is None or start < 2 or text[start - 1] not in "，,":
            return None
        m = self.post_list.search(text, max(0, start - POST_LIST_MAX), start)
        if not m:
            return None
        first = None
        at = m.start()
        for cut in [i for i in range(m.start(), start) if text[i] in "，,"]:
            post = self.parse(doc, at, cut)
            if post is None or post.form != "full" or post.speaker.name or not post.speaker.title:
                return None
            first = first or post.speaker
            at = cut + 1
        return first


def _occurrences(text: str, word: str) -> list[int]:
    return [m.start() for m in re.finditer(re.escape(word), text)]


def name_run_before(text: str, end: int) -> str:
    """The run of letters ending at `end` back to a clause break or, nearer, a word in NAME_OPENERS
    (记者致电某市体育中心 -> 某市体育中心), at most ORG_NAME_MAX long; "" when longer."""
    start = end
    while start > 0 and end - start <= ORG_NAME_MAX and CHINESE.fullmatch(text[start - 1]):
        start -= 1
    if end - start > ORG_NAME_MAX:
        return ""
    run = text[start:end]
    cut = max((run.rfind(w) + len(w) for w in NAME_OPENERS if w in run[:-2]), default=0)
    run = run[cut:].lstrip("了过着")
    lead = next((w for w in TIME_LEADS if run.startswith(w)), "")
    run = run[len(lead):]
    return "" if run[:1] in NOT_A_NAME_START else run


def close_bracket(text: str, start: int, end: int) -> int:
    """`end`, moved past the bracket that closes one opened in text[start:end] (世界卫生组织（WHO +
    ）): an organisation's short name in brackets is part of it."""
    if end < len(text) and text[end] in "）)" and text.count("（", start, end) + text.count("(", start, end) > \
            text.count("）", start, end) + text.count(")", start, end):
        return end + 1
    return end


# A medium cited by its name in 《》, after its country or city, before its kind or its site.
MEDIUM_SITE = re.compile(r"[\u4e00-\u9fa5]{0,6}《(?P<title>[^《》]{1,20})》(?P<kind>周刊|杂志|日报|晚报|周报|月刊)?"
                         r"(?P<site>网站|网络版|官网|客户端|电子版)?")


def clean_org(org: str) -> str:
    if INDEFINITE_ORG.search(org):
        return ""             # 一家外贸企业, 南通一乡镇卫生院: an organisation the text does not name
    org = re.sub(r"^(?:[一两几多数某](?:位|名|个|家))", "", org)
    org = re.sub(r"(?:的|之)$", "", org)
    org = re.sub(r"(?:方面|官方)$", "", org)
    org = org.strip("、 ")
    return org if len(org) > 1 else ""          # 该院 leaves 院: not a name


@dataclass
class Said:
    """A statement already attributed: where, in which paragraph, by whom."""
    at: int
    paragraph: int
    speaker: Speaker
    end: int = 0              # where the words end
    introduces: bool = False  # a colon after the verb: quotations standing alone may follow


class SpeakerBook:
    """The speakers and persons met so far in one article, for later mentions."""

    def __init__(self, doc: Doc, parser: SpeakerParser):
        self.doc = doc
        self.parser = parser
        self.full: dict[str, Speaker] = {}         # name -> fullest description seen
        # name -> its description found elsewhere in the text (None: none), looked up once per
        # name: the search reads every mention of the name, once per quote it is asked for.
        self.described: dict[str, Speaker | None] = {}
        self.said: list[Said] = []
        self.persons = entities(doc, "PER")          # every PER the model tagged, in order
        text = text_of(doc)
        self.given_names = self.dotted_given_names(doc, text) if "·" in text else set()
        self.person_starts = [p.start for p in self.persons]
        self.line_starts: list[int] | None = None        # (computed when a quotation stands alone)
        self.ties: re.Pattern | bool | None = None        # (compiled when a pronoun speaks)
        self.person_names: set[str] | None = None         # (read when a short name speaks)

    @staticmethod
    def dotted_given_names(doc: Doc, text: str) -> set[str]:
        """茉莉 of 茉莉·西尔斯: the word (jieba's) right before the dot, when the run of Chinese
        characters before the dot is longer than that word (岁的茉莉 -> 茉莉)."""
        names = set()
        for m in DOTTED_NAME.finditer(text):
            run = m.group(1)
            span = doc.char_span(m.start(1), m.end(1), alignment_mode="expand")
            word = span[-1].text if span is not None and len(span) else run
            names.add(word if 2 <= len(word) <= len(run) and run.endswith(word) else run)
        return names

    def known_names(self) -> set[str]:
        return set(self.full) | self.given_names

    def learn(self, speaker: Speaker) -> Speaker:
        """Remember a named speaker; fill what this mention leaves out from earlier ones."""
        if not speaker.name:
            return speaker
        if speaker.name not in self.full and (whole := self.whole_name(speaker.name)):
            speaker = replace(speaker, name=whole)
        seen = self.full.get(speaker.name)
        if seen and not speaker.title and not speaker.org:
            speaker = replace(speaker, name=seen.name, title=seen.title, org=seen.org)
        elif speaker.title or speaker.org or speaker.name not in self.full:
            self.full[speaker.name] = speaker
        return speaker

    def compared(self, person: LacToken, at: int) -> bool:
        """Whether a person is named in a comparison right before `at` (和同学小丽一样，他…)."""
        text = text_of(self.doc)
        return bool(COMPARED_AFTER.fullmatch(text, person.end, at)) and \
            bool(COMPARED_BEFORE.search(text, max(0, person.start - 10), person.start))

    def whole_name(self, name: str, at: int | None = None) -> str | None:
        """The full name a short one stands for, when one person of the article has it: a given
        name (赤骥 for 大和赤骥, 小明 for 王小明) or 老/小 and a surname (老周 for 周德明); None when
        no one or several do."""
        if len(name) < 2 or self.parser.surname_and_title(name):
            return None
        if self.person_names is None:
            self.person_names = {p.text for p in self.persons if len(p.text) >= 3
                                 and not self.parser.surname_and_title(p.text)}
        names = self.person_names | set(self.full)
        surname = self.parser.surname.match(name[1:]) if self.parser.surname and name[0] in "老小" else None
        if surname and surname.end() == len(name) - 1:
            found = {n for n in names if n.startswith(name[1:]) and len(n) <= len(name) + 2 and len(n) >= 2
                     and not n.startswith(("老", "小"))}
            if not found and at is not None:      # (村支书周德明, a sentence the model has not read)
                found = {n for _, n in self.posts_with_names_before(at) if n.startswith(name[1:])}
            return found.pop() if len(found) == 1 else None
        found = {n for n in names if self.given_name_of(name, n)}
        if not found and not (self.parser.surname and self.parser.surname.match(name)):
            # The model read only the windows around speech: the segmenter's words, which keep
            # a name whole (爱丽速子, 王小明), show a name first written without speech.
            found = {w for w in self.words_ending_with(name) if self.given_name_of(name, w, segmented=True)}
        return found.pop() if len(found) == 1 else None

    def words_ending_with(self, name: str) -> set[str]:
        """The segmenter's words of the text, longer than `name`, that end with it."""
        text, words = text_of(self.doc), set()
        at = text.find(name, 1)
        while at > 0:
            span = self.doc.char_span(at, at + len(name), alignment_mode="expand")
            if span is not None and len(span) == 1 and span.end_char == at + len(name) and span.start_char < at:
                words.add(span.text)
            at = text.find(name, at + len(name))
        return words

    def given_name_of(self, name: str, whole: str, segmented: bool = False) -> bool:
        """Whether `name` is the end of `whole` after a surname (小明 of 王小明), or of a name of
        four characters or more (赤骥 of 大和赤骥); for a `segmented` word, not the model's name,
        only a short name that does not open with a surname itself."""
        if len(whole) <= len(name) or not whole.endswith(name):
            return False
        m = self.parser.surname.match(whole) if self.parser.surname else None
        if m and whole[:m.end()] in PREPOSITION_SURNAMES:
            return False          # 向速子: 又回头向速子道歉, the preposition before the name
        if m and m.end() == len(whole) - len(name):
            return True
        # A name of four characters or more (大和赤骥, 爱丽速子); not when the short name opens with
        # a surname: it is a Chinese name itself (孙启勤 in the segmenter's 出孙启勤).
        return len(whole) >= 4 and not self.parser.surname_and_title(whole) and not (
            segmented and self.parser.surname and self.parser.surname.match(name))

    def named_before(self, at: int, role: str, exact: bool = False) -> Speaker | None:
        """The nearest person named before `at` (within ROLE_REACH, not in someone's words) whose
        post is `role` (老中医: 个体老中医 陈建民), or with `exact` False ends like it or, for a word
        for any post (专家, 官员), has one: that person, fully described; None when the nearest
        persons have other posts or none."""
        i = bisect_right(self.person_starts, at - 1) - 1
        seen = 0
        while i >= 0 and self.persons[i].start >= at - ROLE_REACH and seen < EARLIER_PERSONS:
            person = self.persons[i]
            i -= 1
            if len(person.text) < 2 or self.in_someones_words(person) or self.parser.surname_and_title(person.text):
                continue
            seen += 1
            full = self.complete(Speaker(name=person.text))
            if not full.title:
                continue
            if full.title == role if exact else (full.title.endswith(role) or role[-2:] == full.title[-2:]
                                                 or role in self.parser.any_post_words):
                return self.learn(full)
        return self.titled_before(at, role) if exact else None

    def titled_before(self, at: int, role: str) -> Speaker | None:
        """The name written right after the post `role` nearest before `at` (…的个体老中医陈建平在…
        before 老中医自称), when the model has not read that sentence: the segmenter's word there,
        a surname and one or two characters."""
        text = text_of(self.doc)
        at_role = text.rfind(role, max(0, at - ROLE_REACH), at - len(role))
        name = self.name_word_at(at_role + len(role)) if at_role >= 0 else ""
        return self.learn(self.complete(Speaker(name=name))) if name else None

    def post_named_before(self, at: int, role: str) -> Speaker | None:
        """For 该负责人 / 这位专家 when the model has not read the sentence naming them: the nearest
        "<post><name>" written before, its post like `role` (or any, for 专家, 官员)."""
        for post, name in self.posts_with_names_before(at):
            if role in self.parser.any_post_words or post.endswith(role) or role.endswith(post) \
                    or role[-2:] == post[-2:]:
                return self.learn(self.complete(Speaker(name=name)))
            return None
        return None

    def name_word_at(self, at: int) -> str:
        """The segmenter's word starting at `at` when it looks like a name (a surname and one or two
        characters, not a preposition), else ""."""
        span = self.doc.char_span(at, min(len(text_of(self.doc)), at + 1), alignment_mode="expand")
        word = span[0].text if span is not None and len(span) and span[0].idx == at else ""
        ok = 2 <= len(word) <= 3 and self.parser.looks_like_name(word) and word[0] not in PREPOSITION_SURNAMES
        return word if ok else ""

    def posts_with_names_before(self, at: int) -> list[tuple[str, str]]:
        """(post, name) for each "<post><name>" written within ROLE_REACH before `at` (局长李东,
        村支书周德明), nearest first, the name checked against the segmenter's words."""
        found = []
        for m in self.parser.titled_names.finditer(text_of(self.doc), max(0, at - ROLE_REACH), at):
            name = self.name_word_at(m.start("name"))
            if name:
                found.append((m.group(0)[:m.start("name") - m.start()], name))
        return found[::-1]

    def by_surname_title(self, speaker: Speaker, at: int | None = None) -> Speaker | None:
        """王局长 / 李总: a known speaker with that surname (and title, when it says one); else,
        given where the mention stands, the person of that surname named before it with that
        post (市交通局局长李东…。李局长说)."""
        if speaker.name or speaker.org or not self.parser.surname:
            return None
        m = self.parser.surname.match(speaker.title)
        if not m or m.end() >= len(speaker.title):
            return None
        surname, rest = speaker.title[:m.end()], speaker.title[m.end():]
        same_surname = [f for f in self.full.values() if f.name.startswith(surname)]
        for full in reversed(same_surname):
            if rest in full.title or full.title.endswith(rest):
                return full
        # 金医生 after 所长金明岸: the one speaker of that surname.
        if len(same_surname) == 1:
            return same_surname[0]
        if same_surname or at is None:
            return None
        return self.surname_named_before(at, surname, rest)

    def surname_named_before(self, at: int, surname: str, rest: str) -> Speaker | None:
        """The person of `surname` named before `at` (within ROLE_REACH) whose post ends with
        `rest` (局长, 教授; 总 and 董 a post holding them: 总经理, 董事长), when they are the only
        person of that surname named there."""
        names = {p.text for p in self.persons if at - ROLE_REACH <= p.start < at and p.text.startswith(surname)
                 and 2 <= len(p.text) <= len(surname) + 2 and not self.parser.surname_and_title(p.text)}
        if not names:         # (the model has not read the sentence naming them: 局长李东)
            names = {name for _, name in self.posts_with_names_before(at) if name.startswith(surname)}
        if len(names) != 1:
            return None
        full = self.complete(Speaker(name=names.pop()))
        fits = rest in full.title if rest in ("总", "董", "工") else full.title.endswith(rest)
        return self.learn(full) if fits else None

    def asks(self, said: Said) -> bool:
        """Whether a statement's words end with a question."""
        return text_of(self.doc)[said.at:said.end].rstrip().endswith(QUESTION_ENDS)

    def medium_quoted_last(self, before: int) -> Speaker | None:
        """报纸说 / 报道指出: the medium (a newspaper, an agency, a site) quoted last before `before`,
        or named later than that as a report's source (据某报报道，…)."""
        said = self.last_said(before)
        while said is not None:
            org = BRACKETED_ALIAS.sub("", said.speaker.org)      # 英国广播公司网站（BBC）
            medium = org.endswith(self.parser.medium_endings) or LATIN_ORG.fullmatch(org)
            if org and not said.speaker.name and medium:
                break
            said = self.last_said(said.at)
        source = self.report_source_before(before, after=said.at if said else 0)
        return source or (said.speaker if said else None)

    def report_source_before(self, before: int, after: int = 0) -> Speaker | None:
        """The medium of the last 据<medium>报道 between `after` and `before`, as a speaker."""
        pattern = self.parser.report_source
        if pattern is None:
            return None
        found = list(pattern.finditer(text_of(self.doc), after, before))
        if not found:
            return None
        last = found[-1]
        mention = self.parser.parse(self.doc, last.start("medium"), last.end("medium"), self.known_names())
        return mention.speaker if mention is not None and mention.form == "full" and mention.speaker.org \
            and not mention.speaker.name else None

    def last_said(self, before: int, paragraph: int | None = None) -> Said | None:
        for s in reversed(self.said):
            if s.at < before and (paragraph is None or s.paragraph == paragraph):
                return s
        return None

    def nearest_person(self, before: int, not_before: int = 0, subject_only: bool = False) -> LacToken | None:
        """The last person named before `before`; with `subject_only`, not one followed by 的 in
        their clause, who only qualifies someone else (贝辛斯托克的一位女士, 王明的母亲, 以王明为
        代表的一批人士, 给王明检查的医生)."""
        i = bisect_right(self.person_starts, before - 1) - 1
        text = text_of(self.doc)
        while i >= 0 and self.persons[i].start >= not_before:
            p = self.persons[i]
            if not (subject_only and QUALIFIES.match(text, p.end)):
                return p
            i -= 1
        return None

    def resolve(self, mention: Mention, paragraph: int, sentence_start: int) -> Speaker | None:
        at = mention.start
        if mention.form == "full":
            if mention.bare_role and mention.speaker.title not in self.parser.crowd_roles \
                    and (named := self.named_before(at, mention.speaker.title, exact=True)):
                return named              # 老中医陈建民…。老中医自称: the one named with that post
            speaker = mention.speaker
            if speaker.name and speaker.name not in self.full and (whole := self.whole_name(speaker.name, at)):
                speaker = replace(speaker, name=whole)
            return self.by_surname_title(speaker, at) or self.learn(speaker)
        if mention.form == "anaphor":
            # 该负责人: the last speaker with that kind of role, else a person named before with
            # it (记者采访了工厂负责人张伟。该负责人介绍), else the mention as written.
            head = mention.speaker.title or mention.speaker.org
            for s in reversed(self.said):
                if s.at < at and head and (head in s.speaker.title or head in s.speaker.org
                                           or s.speaker.title.endswith(head[-2:])):
                    return s.speaker
            if mention.speaker.title and not mention.speaker.org:
                role = mention.speaker.title
                return self.named_before(at, role) or self.post_named_before(at, role) or mention.speaker
            return mention.speaker
        if mention.form == "zero":
            # No subject of its own (…，并称 / 在会上表示): a clause right before that is a
            # speaker phrase by itself (当时接诊的某医院医生，表示…), else the person named
            # earlier in the sentence, else the last speaker of the paragraph.
            subject = self.subject_clause(at, sentence_start)
            if subject is not None:
                return self.resolve(subject, paragraph, sentence_start)
            person = self.nearest_person(at, not_before=sentence_start, subject_only=True)
            said = self.last_said(at + 1, paragraph)
            if said and (person is None or said.at >= person.start or self.in_someones_words(person)):
                return said.speaker       # (a name inside the words just reported is not the subject)
            if person:
                return self.person_speaker(person)
            return None
        if mention.form == "medium":
            return self.medium_quoted_last(at)
        if mention.form == "pronoun" and text_of(self.doc).startswith(ORG_PRONOUN, at):
            org = self.organisation_subject(at, sentence_start)
            if org is not None:
                return org                # 某航空公司就航班延误致歉。其在声明中表示: the company
        if mention.form in ("pronoun", "relation"):
            # 他/她: whichever is nearer, the last speaker or the last person named.
            reach = max(at - PRONOUN_REACH, self.heading_end_before(at))
            person = self.nearest_person(at, not_before=reach)
            said = self.last_said(at)
            if said is not None and max(said.at, said.end) < reach:
                said = None           # a speaker quoted far back, or before a heading: others have come up since
            if person is not None and said is not None and self.in_someones_words(person):
                person = None
            compared = person if person is not None and self.compared(person, at) else None
            if compared is not None:
                person = None         # 和同学小丽一样，他也称…: 他 is not the one compared with
            opening = self.paragraph_opener(at) if mention.form == "pronoun" else None
            tied = self.last_tie(max(person.start if person else 0, said.end if said else 0, reach), at) \
                if mention.form == "pronoun" else None
            # 一位老人坐在门口。他说: the one brought in by a role after anyone named or quoted.
            unnamed = self.unnamed_after(max(person.end if person else 0, said.end if said else 0, reach), at)
            wanted = PRONOUN_GENDER.get(text_of(self.doc)[at:at + 1])
            if person is not None and self.under_pronoun(person, text_of(self.doc)[at:at + 1]):
                person = None         # 他提到，副主任李明…。他说: 他 is still the one who spoke
            rivals = self.rivals_of(person, at, wanted) if person is not None else []

            def named_person() -> Speaker | None:
                if rivals:
                    return AMBIGUOUS      # 张伟和李强…。他说 / 李明会见了张华。他说: either may be meant
                tie = self.tie_after(person) if mention.form == "pronoun" else ""
                # 小花母亲…她说: the mother, not 小花
                return Speaker(title=person.text + tie) if tie else self.person_speaker(person)

            candidates = []           # in order of preference, each a way to get the speaker
            if unnamed is not None:
                candidates.append(lambda: unnamed)
            if opening is not None:
                candidates.append(lambda: opening)    # 他表示… opening a paragraph: who the one before was about
            if tied is not None:
                candidates.append(lambda: tied)       # 不在场的小花母亲说法不同。“…”她说: named after anyone else
            if said and (person is None or said.at >= person.start or person.text == said.speaker.name):
                candidates.append(lambda: said.speaker)
            if person:
                candidates.append(named_person)
            if said:
                candidates.append(lambda: said.speaker)
            # Failing those (of the other gender), the persons named before them, nearest first.
            earlier = [p for p in self.persons if reach <= p.start < (person.start if person else at)
                       and p is not compared and not self.under_pronoun(p, text_of(self.doc)[at:at + 1])]
            candidates += [lambda p=p: self.person_speaker(p) for p in reversed(earlier[-EARLIER_PERSONS:])]
            # 她 is not someone the text shows to be a man, nor 他 a woman (她的丈夫 is no 王先生's).
            if not candidates and mention.form == "pronoun" and compared is None:
                candidates.append(lambda: self.one_named_further_back(at))
            antecedent = None
            for candidate in candidates:
                found = candidate()
                if found is AMBIGUOUS:
                    break
                if found is not None and (wanted is None or self.gender_of(found) in (None, wanted)):
                    antecedent = found
                    break
            if mention.form == "pronoun":
                return antecedent
            if antecedent is None:
                # 他的妻子 with no man named before: the tie alone says who.
                return Speaker(title=mention.speaker.title) if wanted else None
            # 其奶奶: the relation of that person, when they are named; of 一名男子, the tie alone.
            return Speaker(title=antecedent.name + mention.speaker.title)
        return None

    def organisation_subject(self, at: int, sentence_start: int, issued: bool = False) -> Speaker | None:
        """For 其 speaking: the organisation the clause it stands in opens with, or, when 其 opens
        its sentence, the one the sentence before opens with (某公司就此事致歉。其表示…), when
        that subject is a named organisation alone (no person, no post); None otherwise.
        `issued`: for a notice or a document speaking at `at`, the sentence before must say the
        organisation issued one (某局发布通告。通告指出…; 某部印发《…》，要求… is one sentence)."""
        text = text_of(self.doc)
        opening = sentence_start + self.lead_length(text[sentence_start:at])
        if not text[opening:at].strip(" \t\u3000，,"):
            before = text[:sentence_start].rstrip()
            if not before or before[-1] not in SENTENCE_CLOSERS:
                return None           # (a quotation or a heading before: no sentence to look at)
            opening = max(before.rfind(ch, 0, len(before) - 1) for ch in SENTENCE_CLOSERS + "\n") + 1
            end = len(before)
            if issued and not self.parser.document_issued.search(text, opening, end):
                return None
            opening += self.lead_length(text[opening:end])      # (据某局通报，…: 据 is no part of it)
        else:
            end = at
        words = [w for w in tokens_in(self.doc, opening, end) if w.tag not in PUNCT_TAGS]
        while words and words[0].tag in TIME_TAGS:
            words = words[1:]         # 近日，某公司…: when, then who
        # The subject: the nouns it opens with, up to an adverb, a preposition or a verb
        # (某公司 | 就航班延误致歉, 华为公司 | 昨天发布了…).
        cut = next((i for i, w in enumerate(words) if w.tag not in SUBJECT_TAGS
                    or self.parser.document_issued.fullmatch(w.text)), len(words))     # (据某局 | 通报，)
        if not cut or cut == len(words):
            return None
        mention = self.parser.parse(self.doc, words[0].start, words[cut - 1].end, self.known_names())
        if mention is None or mention.form != "full" or not mention.named_org:
            return None
        return self.learn(mention.speaker)

    @staticmethod
    def lead_length(clause: str) -> int:
        """How many characters of 据 / 另据 and spaces open the clause (the time words after them
        the caller skips by their tags)."""
        lead = ACCORDING_TO.match(clause)
        return lead.end() if lead else 0

    def unnamed_after(self, start: int, end: int) -> Speaker | None:
        """The last person brought in between `start` and `end` by a role alone (一位老人坐在门口。
        记者见到了一位女士。), as the subject of a sentence naming nobody before it; None when there
        is none, or it is the writer."""
        pattern = self.parser.one_unnamed
        if pattern is None or end <= start:
            return None
        text = text_of(self.doc)
        found = None
        for m in pattern.finditer(text, start, end):
            found = m
        if found is None or text[found.start() - 1:found.start()] in ADDRESSEE_MARKERS | PREPOSITION_SURNAMES:
            return None               # 与一位知情人士交谈时，他…: one spoken with, not the subject
        opening = max(text.rfind(ch, 0, found.start()) for ch in SENTENCE_CLOSERS + "\n") + 1
        if self.nearest_person(found.start(), not_before=opening) is not None:
            return None               # 王明扶起了一位老人。他说: 他 is still 王明
        last = tokens_in(self.doc, found.end() - 1, found.end() + 1)
        if last and last[-1].start < found.end():
            return None               # 专家组 / 老人家: the role word is part of another
        mention = self.parser.parse(self.doc, found.start(), found.end())
        if mention is None or mention.form not in ("full", "anaphor") or mention.speaker.name \
                or not mention.speaker.title or mention.speaker.title in WRITER_TITLES:
            return None
        return Speaker(title=mention.speaker.title, org=mention.speaker.org)

    def crowd_named(self, start: int, end: int) -> Speaker | None:
        """The last crowd brought in by its role between `start` and `end` (一群村民, 几位专家,
        村民们), as a speaker with that title; None when there is none, or it is the writers."""
        pattern = self.parser.crowd
        if pattern is None or end <= start:
            return None
        found = None
        for m in pattern.finditer(text_of(self.doc), start, end):
            found = m
        if found is None:
            return None
        mention = self.parser.parse(self.doc, found.start(), found.end())
        if mention is None or mention.form != "full" or mention.speaker.name or not mention.speaker.title \
                or mention.speaker.title in WRITER_TITLES:
            return None
        return Speaker(title=mention.speaker.title, org=mention.speaker.org)

    def one_named_further_back(self, at: int) -> Speaker | None:
        """For 他/她 with nobody named within reach: the one person the model tagged anywhere in
        the article whose name is written in the text further back (本文的主人公孙启勤… a few
        sentences, a line break the model's windows missed, then 他感慨地说), when no other
        such person is named there and no role is mentioned after it."""
        text = text_of(self.doc)
        span = text[max(0, at - FURTHER_BACK):at]
        names = {p.text for p in self.persons if len(p.text) >= 2 and p.text in span}
        names = {n for n in names if not any(n != other and n in other for other in names)}
        if len(names) != 1:
            return None
        name = names.pop()
        # Nobody else who could be meant comes up after the name (记者回访了那位业内人士，他…),
        # but the writer (本刊记者).
        since = span[span.rfind(name) + len(name):]
        if any(m.group(0) not in WRITER_TITLES for m in self.parser.any_title.finditer(since)):
            return None
        return self.full.get(name) or self.learn(Speaker(name=name))

    def gender_of(self, speaker: Speaker) -> str | None:
        """"f" or "m" when the speaker's name or title shows it (付女士, 小花母亲, 男子), or the text
        addresses them so (王丽女士, 李强先生), else None."""
        words = (speaker.name, speaker.title)
        if any(w.endswith(self.parser.female) for w in words if w):
            return "f"
        if any(w.endswith(self.parser.male) for w in words if w):
            return "m"
        if len(speaker.name) < 2:
            return None
        return self.addressed_gender(speaker.name) or self.name_gender(speaker.name)

    def name_gender(self, name: str) -> str | None:
        """"f" or "m" when a Chinese name of a surname and a given name of one or two characters
        ends with a character only women's (李丽) or only men's (王刚) names end with."""
        surname = self.parser.surname.match(name) if self.parser.surname else None
        if not surname or not 1 <= len(name) - surname.end() <= 2 or not CHINESE.fullmatch(name):
            return None
        last = name[-1]
        return "f" if last in self.parser.female_name_endings else "m" if last in self.parser.male_name_endings \
            else None

    def addressed_gender(self, name: str) -> str | None:
        """"f" or "m" when the text writes the name with 女士/小姐 or 先生 after it, and only one of them."""
        text = text_of(self.doc)
        female = any(name + w in text for w in ADDRESS_FEMALE)
        male = any(name + w in text for w in ADDRESS_MALE)
        return "f" if female and not male else "m" if male and not female else None

    def heading_end_before(self, at: int) -> int:
        """Where the last heading within PRONOUN_REACH before `at` ends (a short line closing no
        sentence: 三、护士的故事), or 0: a pronoun after it does not reach into the part before."""
        text = text_of(self.doc)
        end = text.rfind("\n", max(0, at - PRONOUN_REACH), at)
        while end > 0:
            start = text.rfind("\n", max(0, at - PRONOUN_REACH), end)
            line = text[start + 1:end].strip(" \t\u3000")
            if line and len(line) <= HEADING_MAX and line[-1] not in SENTENCE_CLOSERS + "”：:，,；;" \
                    and "“" not in line:
                return end
            if start < 0:
                break
            end = start
        return 0

    def under_pronoun(self, person: LacToken, pronoun: str) -> bool:
        """Whether the person is named in a sentence whose subject is the same pronoun (他提到，副主任
        李明…): that sentence goes on about the one the pronoun stood for, not about the person."""
        if pronoun not in PRONOUN_GENDER:
            return False
        text = text_of(self.doc)
        opening = max(text.rfind(ch, 0, person.start) for ch in SENTENCE_CLOSERS + "\n”") + 1
        lead = text[opening:person.start].lstrip(" \t\u3000")
        return lead.startswith(pronoun) and not lead.startswith(pronoun + "的") and "“" not in lead

    def rivals_of(self, person: LacToken, at: int, wanted: str | None) -> list[LacToken]:
        """Other persons named in the sentence of `person` (the nearest before a pronoun at `at`)
        whom the pronoun may as well stand for: another name, not in someone's words, not only
        qualifying someone (王明的母亲), of the pronoun's gender or of none shown. Two persons in one
        sentence (张伟和李强一起…。 / 李明会见了张华。) leave 他 open."""
        text = text_of(self.doc)
        opening = max(text.rfind(ch, 0, person.start) for ch in SENTENCE_CLOSERS + "\n") + 1
        closing = min((i for i in (text.find(ch, person.end, at) for ch in SENTENCE_CLOSERS + "\n") if i >= 0),
                      default=at)
        rivals = []
        for p in self.persons[bisect_right(self.person_starts, opening - 1):]:
            if p.start >= closing:
                break
            if p.start < person.end and person.start < p.end:
                continue              # (the model's overlapping readings of one name: 关长孙, 长孙立)
            if COMPARED_BEFORE.search(text, max(0, p.start - 10), p.start) and COMPARED_AFTER.match(text, p.end):
                continue              # 与陈冰一样，王一铎也…: the one compared with is not the subject
            if len(p.text) < 2 or p.text in person.text or person.text in p.text \
                    or self.in_someones_words(p) or QUALIFIES.match(text, p.end) \
                    or self.parser.surname_and_title(p.text):
                continue
            if wanted is not None and self.gender_of(Speaker(name=p.text)) not in (None, wanted):
                continue
            if wanted is not None and self.gender_of(self.complete(Speaker(name=person.text))) not in (None, wanted):
                return []             # (the nearest is of the other gender: the others are looked at in turn)
            rivals.append(p)
        return rivals

    def last_tie(self, start: int, end: int) -> Speaker | None:
        """The last person named by a tie to someone named in the article (小花母亲, 王明的妻子)
        between `start` and `end`: the model may read the name there as a plain word."""
        if self.ties is None:
            names = sorted({p.text for p in self.persons if len(p.text) >= 2}, key=len, reverse=True)
            # This article's names: re.compile, not the cache file (a new entry each run rewrote it,
            # and the names' order, from a set, differs from one process to the next).
            self.ties = re.compile("(?:" + "|".join(map(re.escape, names)) + ")的?(?:"
                                   + "|".join(map(re.escape, self.parser.relations)) + ")") \
                if names and self.parser.relations else False
        if not self.ties or end <= start:
            return None
        found = None
        for m in self.ties.finditer(text_of(self.doc), start, end):
            found = m
        return Speaker(title=found.group(0).replace("的", "")) if found else None

    def tie_after(self, person: LacToken) -> str:
        """The relation right after a person's name (小花母亲, 王明的妻子), or ""."""
        after = text_of(self.doc)[person.end:person.end + 6]
        after = after[1:] if after.startswith("的") else after
        return next((r for r in self.parser.relations if after.startswith(r)), "")

    def paragraph_opener(self, at: int) -> Speaker | None:
        """For a pronoun opening a paragraph: the speaker whose statement opened the paragraph
        before (小刚爷爷强调，…。如果说，小刚…。\n他表示，… is the grandfather again), when
        nobody else has spoken since."""
        text = text_of(self.doc)
        line_start = text.rfind("\n", 0, at) + 1
        if text[line_start:at].strip():
            return None
        line = self.line_of(at)
        before = [s for s in self.said if s.at < at and self.line_of(s.at) == line - 1]
        if not before:
            return None
        first, last = before[0], before[-1]
        prev_start = self.line_starts[line - 2] if line >= 2 else 0
        if first.at - prev_start > OPENING_MAX or not self.same(first.speaker, last.speaker):
            return None
        return first.speaker

    @staticmethod
    def same(a: Speaker, b: Speaker) -> bool:
        return (a.name and a.name == b.name) or a == b

    def person_speaker(self, person: LacToken) -> Speaker:
        """The speaker a person named earlier stands for: 金医生 (a surname and a title) is
        the known speaker of that surname; a name is learned as is."""
        if self.parser.surname_and_title(person.text):
            known = self.by_surname_title(Speaker(title=person.text))
            if known:
                return known
        return self.learn(Speaker(name=person.text))

    def record(self, at: int, paragraph: int, speaker: Speaker, end: int | None = None,
               introduces: bool = False) -> None:
        said = Said(at, paragraph, speaker, at if end is None else end, introduces)
        if self.said and self.said[-1].at > at:           # (quotations attributed in a later pass)
            insort(self.said, said, key=lambda s: s.at)
        else:
            self.said.append(said)

    def subject_clause(self, at: int, sentence_start: int) -> Mention | None:
        """The clause ending with the comma right before `at`, when it is a whole speaker phrase
        naming someone (a name or a role; the subject set off by a comma)."""
        text = text_of(self.doc)
        if at < 2 or text[at - 1] not in "，,":
            return None
        m = CLAUSE_BEFORE_COMMA.search(text, max(sentence_start, at - DESCRIPTION_MAX), at - 1)
        if not m or m.start() < sentence_start:
            return None
        words = [w for w in tokens_in(self.doc, m.start(), m.end()) if w.tag not in PUNCT_TAGS]
        if not words or self.parser.has_main_verb(words, self.parser.role_modifiers):
            return None               # a clause of its own (他说他采访了王明), not a subject
        mention = self.parser.parse(self.doc, m.start(), m.end(), self.known_names())
        if mention is None or mention.form != "full" or not (mention.speaker.name or mention.speaker.title):
            return None
        return mention

    def paragraph_subject(self, paragraph_start: int, before: int) -> Speaker | None:
        """The person a paragraph is about, for a quotation in it that nobody else says: the one
        speaker already quoted in the article, or person the model tagged anywhere in it, named
        in the paragraph before it, not as someone's (王明的…), with no other person named there."""
        text = text_of(self.doc)
        span = text[paragraph_start:before]
        named = {name for name in self.full if name and name in span}
        named |= {p.text for p in self.persons if len(p.text) >= 2 and p.text in span}
        named = {n for n in named if not any(n != other and n in other for other in named)}
        if len(named) != 1:
            return None
        name = named.pop()
        if name not in self.full and not self.acts_last(span, name):
            return None
        if any(p.text != name and name not in p.text for p in entities(self.doc, "PER", paragraph_start, before)):
            return None
        # The model may not have read the paragraph: a title then a name is someone else too.
        if any(m.group("name") not in name and name not in m.group("name")
               for m in self.parser.titled_names.finditer(span)):
            return None
        # The paragraph is about them when they open a clause (土生土长的陈秀兰，… / …，王明见证了…),
        # not when they are only acted on (班主任不让王明进教室) or name someone else's tie
        # (王明家, 王明的母亲).
        if not any((i == 0 or span[i - 1] in SUBJECT_BEFORE) and not self.names_another(span[i + len(name):])
                   for i in _occurrences(span, name)):
            return None
        return self.full.get(name) or self.learn(Speaker(name=name))

    def acts_last(self, span: str, name: str) -> bool:
        """Whether a person nobody has quoted yet opens the last sentence before a quotation
        (王明走进车间，看了看新产品。“…”), with nobody joining them and no role mentioned after
        them (…，班长也说了一句，“…” is the 班长's), the writer aside."""
        span = span.rstrip("“ \t\u3000")
        last = max(span.rfind(ch, 0, len(span) - 1) for ch in SENTENCE_CLOSERS) + 1
        at = span.find(name, last)
        if at < 0 or at - last > OPENING_MAX or not (at == last or span[at - 1] in SUBJECT_BEFORE):
            return False
        rest = span[at + len(name):]
        if self.names_another(rest) or PERSON_JOIN.search(rest):       # 王明和班长李强…: two people
            return False
        return not any(m.group(0) not in WRITER_TITLES for m in self.parser.any_title.finditer(rest))

    def names_another(self, after_name: str) -> bool:
        return after_name.startswith(("的", "之", "家")) or after_name.startswith(self.parser.relations)

    def speaker_around(self, at: int) -> tuple[Speaker | None, bool]:
        """Who says a quotation standing alone in its paragraph at `at`, from the statements
        around it: one in the paragraph just before that introduces quotations with a colon
        (网友纷纷表示：…) and the ones standing alone after it, which go on with that list; else
        the statements right before and right after it, in the paragraphs next to it, when they
        are the same speaker's; else, with nobody speaking right after it, the turn of the
        paragraph before going on (turn_goes_on); else, with nobody speaking right before it, the
        person the paragraph before is about when they speak next (subject_then_speaks).
        Returns the speaker and whether a list goes on."""
        line = self.line_of(at)
        before = self.last_said(at)
        if before is not None and before.introduces and self.line_of(max(before.at, before.end - 1)) == line - 1:
            return before.speaker, True
        after = next((s for s in self.said if s.at > at), None)
        if before is not None and (after is None or self.line_of(after.at) > line + 1):
            return self.turn_goes_on(at, before, line) or self.answer_in_dialogue(at, before, line), False
        if after is not None and (before is None or self.line_of(max(before.at, before.end - 1)) < line - 1):
            return self.subject_then_speaks(after, line), False
        if before is None or after is None or self.line_of(max(before.at, before.end - 1)) < line - 1 \
                or self.line_of(after.at) > line + 1:
            return None, False
        same = (before.speaker.name and before.speaker.name == after.speaker.name) or before.speaker == after.speaker
        return (before.speaker if same else None), False

    def subject_then_speaks(self, after: Said, line: int) -> Speaker | None:
        """For a quotation standing alone with nobody speaking in the paragraph before: the
        person that paragraph is about (paragraph_subject) when they are the one who speaks
        right after, opening the next paragraph (王兰是一名社区医生。…\n“…”\n王兰说，…)."""
        if line < 2 or self.line_of(after.at) != line + 1 or not after.speaker.name:
            return None
        text = text_of(self.doc)
        start = self.line_starts[line - 2]
        end = self.line_starts[line - 1] - 1
        opening = text[self.line_starts[line]:after.at]
        if after.speaker.name not in opening[:OPENING_MAX] or "“" in opening:
            return None
        about = self.paragraph_subject(start, end)
        return about if about is not None and self.same(about, after.speaker) else None

    def turn_goes_on(self, at: int, before: Said, line: int) -> Speaker | None:
        """For a quotation standing alone that nobody speaks right after: the speaker of the
        paragraph just before when that paragraph is one quoted turn of theirs ("…"王明说。 /
        王明说："…" / a quotation standing alone already given to them), so the words go on
        with the turn. Not after a question (the answer is someone else's), nor when the
        paragraph before holds anyone else's statement or narration beyond the attribution, nor
        for words that close no sentence (“…” alone on its line is a heading)."""
        text = text_of(self.doc)
        own_close = text.find("”", at)
        if own_close < 0 or not (text[own_close - 1] in SENTENCE_CLOSERS or text.startswith("。", own_close + 1)):
            return None
        if self.line_of(max(before.at, before.end - 1)) != line - 1 or before.at < 1 or text[before.at - 1] != "“":
            return None
        start = self.line_starts[line - 2]
        end = text.find("\n", start)
        end = len(text) if end < 0 else end
        if any(s.at >= start and s.at < end and not self.same(s.speaker, before.speaker) for s in self.said):
            return None
        close = text.find("”", before.end)
        if close < 0 or close > end or text[before.at:close].rstrip().endswith(QUESTION_ENDS):
            return None
        # The attribution around the words is short: the paragraph is the turn, not a story.
        first = text.find("“", start, end)
        if first - start > TURN_LEAD_MAX or end - close > TURN_LEAD_MAX or "“" in text[close:end]:
            return None
        # A question after an answer to a question (“…？”记者问。\n“…”王明说。\n“…？”): the
        # one who asked asks again.
        if text[own_close - 1] in QUESTION_ENDS and self.question_turn(line - 2):
            return None
        # A dialogue (“…”小红说。\n“…”小明说。\n“…”): the turns alternate, so whose this one is
        # is not said.
        if any(self.line_of(s.at) == line - 2 and s.at >= 1 and text[s.at - 1] == "“"
               and not self.same(s.speaker, before.speaker) for s in self.said):
            return None
        return before.speaker

    def answer_in_dialogue(self, at: int, before: Said, line: int) -> Speaker | None:
        """For a quotation standing alone after a question nobody is given (the writer's): in a
        dialogue of questions and answers (“…？”记者问。\n“…”王明说。\n“…？”\n“…”), the one who
        answered the question before answers this one too, when the paragraph before is that
        question alone, the one before it their quoted answer and the one before that a question."""
        text = text_of(self.doc)
        own_close = text.find("”", at)
        if own_close < 0 or text[own_close - 1] in QUESTION_ENDS or line < 4:
            return None
        if self.line_of(max(before.at, before.end - 1)) != line - 2 or before.at < 1 or text[before.at - 1] != "“":
            return None
        if not (self.question_turn(line - 1) and self.question_turn(line - 3)):
            return None
        answer_start, _ = self.line_span(line - 2)
        asked_start, _ = self.line_span(line - 3)
        if any(s.at >= asked_start and s.at < answer_start and self.same(s.speaker, before.speaker)
               for s in self.said):
            return None           # the question before was theirs: no exchange of questions and answers
        return before.speaker if text.find("“", answer_start) == before.at - 1 else None

    def line_span(self, line: int) -> tuple[int, int]:
        """Where paragraph `line` (counted as line_of counts) starts and ends."""
        text = text_of(self.doc)
        start = self.line_starts[line - 1]
        end = text.find("\n", start)
        return start, len(text) if end < 0 else end

    def question_turn(self, line: int) -> bool:
        """Whether paragraph `line` is a quoted question nobody in the text is given (“…？” alone,
        or asked by the writer: “…？”记者问。)."""
        if line < 1:
            return False
        start, end = self.line_span(line)
        text = text_of(self.doc)
        opening = start + len(text[start:end]) - len(text[start:end].lstrip(" \t\u3000"))
        close = text.find("”", opening, end)
        if not text.startswith("“", opening) or close < 0 or text[close - 1] not in QUESTION_ENDS:
            return False
        rest = text[close + 1:end].strip(" \t\u3000。")
        return (not rest or self.parser.writer_asks.match(rest) is not None) and \
            not any(start <= s.at < end for s in self.said)

    def line_of(self, at: int) -> int:
        """The paragraph holding `at`, counting only lines with text (blank lines between
        paragraphs do not count)."""
        if self.line_starts is None:
            text = text_of(self.doc)
            starts, pos = [], 0
            for line in text.split("\n"):
                if line.strip():
                    starts.append(pos)
                pos += len(line) + 1
            self.line_starts = starts
        return bisect_right(self.line_starts, at)

    def in_someones_words(self, person: LacToken) -> bool:
        """Whether a person is named inside the words of a statement already attributed to
        someone else (他说，小刚拿纸…): a name there is not who a later 他 stands for."""
        return any(s.at <= person.start < s.end and s.speaker.name != person.text for s in self.said[-3:])

    def complete(self, speaker: Speaker) -> Speaker:
        """Fill a bare name from the fullest description found anywhere in the article: a
        statement of theirs, else a sentence that names them with their post without
        reporting speech (阿里巴巴集团首席技术官张建锋发布了… before 张建锋表示)."""
        if speaker.name and speaker.title and not speaker.org:
            # 该院副主任医师杨国禹 … 某市人民医院副主任医师杨国禹: the same post, its organisation named.
            full = self.full.get(speaker.name)
            return replace(speaker, org=full.org) if full and full.org and full.title == speaker.title else speaker
        if not speaker.name or speaker.title or speaker.org:
            return speaker
        full = self.full.get(speaker.name)
        if full and (full.title or full.org):
            return full
        if speaker.name not in self.described:
            self.described[speaker.name] = self.parser.described_elsewhere(self.doc, speaker.name)
        described = self.described[speaker.name]
        if described:
            self.full[speaker.name] = described
            return described
        return speaker
