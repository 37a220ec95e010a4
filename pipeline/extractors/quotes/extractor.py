"""Quotes: who said what (rules/quotes.yaml).

A rule's regex names `quote` (the words), `cue` (the speech verb) and, when the
speaker stands next to the verb, `speaker` (clause start to verb). The speaker
phrase is read by pipeline/extractors/quotes/speakers.py (LAC names from
pipeline/nlp/ner.py plus the lexicons) and later mentions (他, 该负责人, a bare
name, an empty subject) resolve to the full speaker met earlier. Rule keys:
`kind` (direct | indirect); `speaker_from`: `previous` (the last speaker of the
paragraph: a quotation that carries no attribution of its own), `subject` (the person
the clause opens with, when no speech verb stands next to the quotation) or `issuer`
(the organisation that issued the notice or report speaking: 某局发布通告。通告指出，…;
a medium's 报道称 with none named before it is the medium quoted or cited last);
`speaker_must_be`: `person` (a tagged name), `role` (a name or a title) or
`organisation` (a named organisation alone: 苹果称…, not 这家工厂表示…); `zero_subject:
sentence_person` (an empty subject is only a person named earlier in the sentence).

Matching runs on a copy of the text where 「」, 『』 and paired straight quotes
read as “”, so patterns spell only “” and offsets stay those of the body.
Two statements may share a sentence (“…”X表示，… gives a direct and an
indirect quote); only statements whose quoted words overlap compete, and the
higher priority, then the longer match, wins.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, replace

from spacy.language import Language
from spacy.tokens import Doc

from pipeline.extractors.matching import GatedRules, TakenSpans
from pipeline.extractors.quotes import speaker_names  # noqa: F401  registers newsx_ner, the names it reads
from pipeline.extractors.quotes.interviews import Interviewee, InterviewReader, Turn
from pipeline.extractors.quotes.speakers import PUNCT_TAGS, Speaker, SpeakerBook, SpeakerParser
from pipeline.extractors.quotes.wrapped_lines import unwrapped
from pipeline.extractors.registry import load_rules_at
from pipeline.nlp.doc_text import text_of
from pipeline.nlp.ner import tokens_in
from pipeline.nlp.sentences import sentence_starts
from pipeline.nlp.spans import set_spans
from pipeline.records import QuoteRecord
from pipeline.rules import Rule, RuleSet, built_from, compile_pattern

SENTENCE_ENDS = "。！？!?"
SUBJECT_PRONOUNS = {"他", "她"}
NEXT_SENTENCE = re.compile(r"[^。！？!?“”\n]+(?=[。！？!?])")    # no quotation, no line break
QUOTE_MARKS = {"「": "“", "」": "”", "『": "“", "』": "”"}
STRAIGHT_QUOTE = re.compile(r'"')
LINE_BREAK = re.compile("\n")
ONE_QUOTATION = re.compile(r"\s*“([^“”\n]+)”\s*")      # reported words that are one quotation, whole
INTRODUCED_QUOTE = re.compile(r"[ \t\u3000]*[：:][ \t\u3000]*“")
COLON_BEFORE_QUOTE = re.compile(r"[：:][ \t\u3000]*“$")
CONTINUED_PARAGRAPH = re.compile(r"\n\s*“")   # a quotation reopened at each paragraph it runs over


def breaks_before(text: str, at: int) -> int:
    """Where the paragraph holding `at` starts."""
    return text.rfind("\n", 0, at) + 1


def quotes_as_curly(text: str) -> str:
    """The text with 「」『』 and paired "…" (within a line) as “”, same length."""
    for mark, curly in QUOTE_MARKS.items():
        # str.replace finds a mark with a fast scan; str.translate looks every character up.
        text = text.replace(mark, curly)
    if '"' not in text:
        return text
    lines = []
    for line in text.split("\n"):
        if line.count('"') % 2 == 0:
            marks = iter("“”" * (line.count('"') // 2))
            line = STRAIGHT_QUOTE.sub(lambda _m, marks=marks: next(marks), line)
        lines.append(line)
    return "\n".join(lines)


@dataclass
class Candidate:
    rule: Rule
    match: re.Match
    order: int
    turn: Turn | None = None        # an interview answer (interviews.py): who gives it is known there
    within: Candidate | None = None  # the reported speech this statement is quoted inside (X说，Y认为…)

    @property
    def quote_span(self) -> tuple[int, int]:
        return self.match.start("quote"), self.match.end("quote")


class QuoteExtractor:
    def __init__(self, rules: RuleSet):
        self.rules = GatedRules.of(rules, "quotes")      # a rule whose required text is missing is not run
        self.parser = SpeakerParser(rules)
        lex, frags = rules.lexicons.get("quotes", {}), rules.fragments.get("quotes", {})
        self.take_along = compile_pattern(frags["take_along"], lex, frags) if frags.get("take_along") else None
        self.interviews = InterviewReader(rules)
        self.bylines = set(lex.get("byline_labels", []))
        self.plural_pronouns = set(lex.get("plural_pronouns", []))

    def taken_along(self, text: str, end: int, taken: list[tuple[int, int]]) -> int:
        """Where indirect speech ending at `end` really ends: after the next sentence of the
        paragraph when that one goes on without a subject of its own (…。同时要…。), holds
        no statement found by a rule, and no quotation."""
        if self.take_along is None or end >= len(text) or text[end] not in SENTENCE_ENDS:
            return end
        start = end + 1
        if not self.take_along.match(text, start):
            return end
        m = NEXT_SENTENCE.match(text, start)
        stop = m.end() if m else start
        if stop <= start or any(s < stop and start < e for s, e in taken):
            return end
        return stop

    def candidates(self, text: str, doc: Doc | None = None, turns: list[Turn] = ()) -> list[Candidate]:
        found = [Candidate(t.rule, t.match, -1, t) for t in turns]
        # `order` breaks ties among the rules run; skipping the others keeps their relative order.
        for order, rule in enumerate(self.rules.for_text(text)):
            if rule.regex is None or "quote" not in rule.regex.groupindex or rule.options.get("turn"):
                continue
            for m in rule.regex.finditer(text):
                if m.group("quote") and m.group("quote").strip():
                    c = Candidate(rule, m, order)
                    if doc is None or self.may_compete(doc, c):
                        found.append(c)
        # Competing statements are those whose quoted words overlap; a speaker after the words yields
        # to one before them when its verb opens a quotation of its own (“…”他的妻子说：“…”) or
        # the words are opened by a colon (李东说：“…”王局长表示，…: 王局长 starts a new statement).
        found.sort(key=lambda c: (-c.rule.priority, self.introduces_next(text, c) or self.opened_by_colon(text, c),
                                  -(c.match.end() - c.match.start()), c.match.start(), c.order))
        taken = TakenSpans()          # (bisection: an article with thousands of statements stays linear)
        chosen = [c for c in found if taken.add(*c.quote_span)]
        chosen.sort(key=lambda c: (c.match.start(), c.quote_span[0]))
        nested = self.nested(found, chosen)
        if nested:
            chosen = sorted(chosen + nested, key=lambda c: (c.match.start(), c.quote_span[0]))
        return chosen

    @staticmethod
    def introduces_next(text: str, c: Candidate) -> bool:
        """Whether the statement's speech verb comes after its words and opens another quotation."""
        m = c.match
        if c.turn is not None or "cue" not in m.re.groupindex or m.group("cue") is None \
                or m.start("cue") < m.end("quote"):
            return False
        return INTRODUCED_QUOTE.match(text, m.end()) is not None

    @staticmethod
    def opened_by_colon(text: str, c: Candidate) -> bool:
        """Whether a statement whose speech verb comes after its words has those words opened by a
        colon (X说：“…”): someone before them introduced them."""
        m = c.match
        if c.turn is not None or "cue" not in m.re.groupindex or m.group("cue") is None \
                or m.start("cue") < m.end("quote"):
            return False
        return COLON_BEFORE_QUOTE.search(text, max(0, m.start("quote") - 4), m.start("quote")) is not None

    @staticmethod
    def nested(found: list[Candidate], chosen: list[Candidate]) -> list[Candidate]:
        """Statements reported inside another's reported speech (报纸说，莫斯科认为… / 他向记者反映，
        某公司的人声称…): each speaker gets a record. The inner statement, its speaker and verb
        included, lies inside the outer indirect quote; its speaker is written there (not a rule
        taking the speaker from the context)."""
        outers = [c for c in chosen if c.turn is None and c.rule.options.get("kind") == "indirect"]
        if not outers:
            return []
        starts = [c.quote_span[0] for c in outers]
        picked = {id(c) for c in chosen}
        inner_taken = TakenSpans()
        nested = []
        for c in found:
            m = c.match
            if id(c) in picked or c.turn is not None or c.rule.options.get("speaker_from") \
                    or "speaker" not in m.re.groupindex or not (m.group("speaker") or "").strip():
                continue
            k = bisect_right(starts, m.start("speaker")) - 1
            if k < 0:
                continue
            outer = outers[k]
            if c.quote_span[1] > outer.quote_span[1] or m.start("speaker") == outer.quote_span[0] and \
                    c.quote_span == outer.quote_span:
                continue
            if inner_taken.add(*c.quote_span):
                nested.append(replace(c, within=outer))
        return nested

    def __call__(self, doc: Doc) -> Doc:
        records = doc._.records["quotes"]
        text = text_of(doc)
        sent_starts = sentence_starts(doc)
        book = SpeakerBook(doc, self.parser)
        found: list[tuple[QuoteRecord, Speaker, Candidate]] = []
        curly = quotes_as_curly(text)
        turns = self.interviews.read(curly, lambda s, e, asked: self.names_person(doc, s, e, asked, book),
                                     lambda s, e, labelled: self.interviewee(doc, s, e, labelled, book))
        chosen = self.candidates(unwrapped(curly), doc, turns)     # (a hard-wrapped body read as sentences)
        taken = [(c.match.start(), c.match.end()) for c in chosen]
        breaks = [m.start() for m in LINE_BREAK.finditer(text)]
        answered: dict[int, Speaker] = {}          # id(turn) -> its speaker, for the paragraphs going on with it
        between: list[tuple[Candidate, int]] = []  # quotations standing alone, for the speakers around them
        said_by: dict[int, Speaker] = {}           # id(candidate) -> its speaker, for statements reported inside

        def attribute(c: Candidate, speaker: Speaker, paragraph: int, introduces: bool | None = None) -> None:
            m, rule = c.match, c.rule
            start, end = c.quote_span
            if rule.options.get("take_along"):
                end = self.taken_along(text, end, taken)
            if introduces is None:          # 网友纷纷表示：…: quotations standing alone may follow
                cued = c.turn is None and "cue" in m.re.groupindex and m.group("cue") is not None
                introduces = cued and any(ch in "：:" for ch in text[m.end("cue"):m.start("quote")])
            book.record(m.start("quote"), paragraph, speaker, end, introduces)
            kind = rule.options.get("kind", "direct")
            if kind == "indirect" and (quoted := ONE_QUOTATION.fullmatch(text, start, end)):
                kind, start, end = "direct", quoted.start(1), quoted.end(1)    # 某公司发布声明：“…”: its words
            words = CONTINUED_PARAGRAPH.sub("\n", text[start:end]).strip()
            cue = m.group("cue") if "cue" in m.re.groupindex and m.group("cue") else ""
            record = QuoteRecord(speaker="", title="", org="", quote=words, kind=kind,
                                 cue=cue if cue not in ("：", ":") else "", start=start, end=end, rule=rule.id)
            found.append((record, speaker, c))

        for c in chosen:
            m, rule = c.match, c.rule
            at = m.start("speaker") if "speaker" in m.re.groupindex and m.group("speaker") is not None \
                else m.start("quote")
            paragraph = bisect_right(breaks, at)           # the line breaks up to `at`
            sentence_start = sent_starts[max(bisect_right(sent_starts, at) - 1, 0)]
            together = None if c.turn is not None else \
                self.joint_speakers(doc, c, book, paragraph, sentence_start, sent_starts)
            if together:
                for speaker in together:          # one statement each: 王明和李华都表示
                    attribute(c, speaker, paragraph)
                continue
            if c.turn is not None:
                speaker = self.answerer(doc, c.turn, book, answered, paragraph, sentence_start)
            else:
                speaker = self.speaker_of(doc, c, book, at, paragraph, sentence_start)
            if c.within is not None and (speaker is None or speaker.is_empty() or id(c.within) not in said_by
                                         or book.same(speaker, said_by[id(c.within)])):
                continue                  # 他说，他认为…: one statement, the outer one
            if speaker is not None:
                said_by[id(c)] = speaker
            if speaker is None or speaker.is_empty():
                if rule.options.get("speaker_from") == "context" and self.stands_alone(text, c, breaks):
                    between.append((c, paragraph))
                continue
            attribute(c, speaker, paragraph)
        for c, paragraph in between:
            speaker, goes_on = book.speaker_around(c.match.start("quote"))
            if speaker is not None:
                attribute(c, speaker, paragraph, goes_on)
        found.sort(key=lambda f: f[0].start)
        for record, speaker, c in found:
            speaker = book.complete(speaker)
            if c.turn is not None and speaker.name and not speaker.title and c.turn.question:
                speaker = replace(speaker, title=self.parser.title_addressed(c.turn.question, speaker.name))
            title = speaker.title
            if not speaker.name and speaker.org and title in self.parser.sex_words:
                title = ""            # 中心的一位女士: she speaks for the centre; 女士 is no post
            record.speaker, record.title, record.org = speaker.name, title, speaker.org
            records.append(record)
        set_spans(doc, "quotes", ((r.start, r.end, r.rule) for r in records))
        return doc

    @staticmethod
    def stands_alone(text: str, c: Candidate, breaks: list[int]) -> bool:
        """A quotation that is its whole paragraph (“…”, or “…”。)."""
        start, end = c.match.span()
        i = bisect_right(breaks, start)
        line_start = breaks[i - 1] + 1 if i else 0
        line_end = breaks[i] if i < len(breaks) else len(text)
        return not text[line_start:start].strip() and not text[end:line_end].strip("。 \t\u3000")

    # --- interviews ---------------------------------------------------------

    def names_person(self, doc: Doc, start: int, end: int, asked: bool, book: SpeakerBook) -> bool:
        """Whether an answer's label names a person: the model tags it, or it is a known name;
        in an article that asks questions, also a name the model missed (Latin letters, or a
        common surname and one or two characters)."""
        aside = re.search(r"[（(]", text_of(doc)[start:end])     # 王明（科技打假人）: a post, not a clause
        words = [t for t in tokens_in(doc, start, start + aside.start() if aside else end) if t.tag not in PUNCT_TAGS]
        if self.parser.has_main_verb(words, self.parser.role_modifiers):
            return False           # 记者采访了李明：“…”: a clause, not a label
        mention = self.parser.parse(doc, start, end, book.known_names())
        if mention is not None and mention.form == "full" and mention.person:
            return True
        return asked and self.parser.looks_like_name(re.sub(r"[（(].*$", "", text_of(doc)[start:end]).strip())

    def interviewee(self, doc: Doc, start: int, end: int, labelled: bool, book: SpeakerBook) -> Interviewee | None:
        """The person a heading names (嘉宾：某集团董事长李明 / 某集团董事长：李明 / 嘉宾：李明，某集团
        董事长), learned with the post the heading gives; None when the line names nobody (a
        section title, a byline such as 主编：王明)."""
        text = text_of(doc)
        phrase = text[start:end]
        if not labelled:
            post = re.split(r"[：:]", phrase)[0].strip()
            if ":" not in phrase and "：" not in phrase or post in self.bylines:
                return None
        # 李明，某集团董事长 / 李明 某集团董事长 (a space after a Chinese name; Anna Weber keeps hers)
        cut = next((i for i, ch in enumerate(phrase) if ch in "，,"
                    or ch in " \u3000" and i > 0 and "\u4e00" <= phrase[i - 1] <= "\u9fa5"), None)
        if labelled and cut is not None:          # 李明，某集团董事长: the name, then the post
            name = self.parser.parse(doc, start, start + cut, book.known_names())
            post = self.parser.parse(doc, start + cut + 1, end, book.known_names())
            if name is None or not name.person:
                return None
            speaker = name.speaker if post is None or post.speaker.name else \
                Speaker(name=name.speaker.name, title=post.speaker.title, org=post.speaker.org)
        else:
            mention = self.parser.parse(doc, start, end, book.known_names())
            if mention is None or mention.form != "full" or not mention.person:
                return None
            speaker = mention.speaker
        if not labelled and not speaker.title:
            return None
        return Interviewee(book.learn(speaker))

    def answerer(self, doc: Doc, turn: Turn, book: SpeakerBook, answered: dict[int, Speaker], paragraph: int,
                 sentence_start: int) -> Speaker | None:
        if turn.continues is not None:
            speaker = answered.get(id(turn.continues))
        elif turn.interviewee is not None:
            speaker = book.learn(turn.interviewee.speaker)
        else:
            start, end = turn.label
            mention = self.parser.parse(doc, start, end, book.known_names())
            if mention is not None and mention.form == "full" and mention.speaker.name:
                speaker = book.resolve(mention, paragraph, sentence_start)
            else:                               # a name the model missed (names_person let it through)
                speaker = book.learn(Speaker(name=re.sub(r"[（(].*$", "", text_of(doc)[start:end]).strip()))
        if speaker is not None:
            answered[id(turn)] = speaker
        return speaker

    def may_compete(self, doc: Doc, c: Candidate) -> bool:
        """A rule whose speaker must be a named organisation is checked before the statements
        compete, so that it never shadows a person's or a role's rule on the same words
        (苹果称… is the organisation's; 张华称… stays the person's rule)."""
        m = c.match
        if c.rule.options.get("speaker_from") == "subject":
            # Likewise a clause that opens with no person (“…。”他希望… ) leaves the quotation
            # to the other rules (the paragraph's speaker goes on).
            return self.subject_phrase(doc, m.start("speaker"), m.end("speaker")) is not None
        if c.rule.options.get("speaker_must_be") != "organisation":
            return True
        if "speaker" not in m.re.groupindex or m.group("speaker") is None:
            return False
        mention = self.parser.parse(doc, m.start("speaker"), m.end("speaker"))
        return mention is not None and mention.form == "full" and mention.named_org

    def subject_speaker(self, doc: Doc, start: int, end: int, book: SpeakerBook, paragraph: int,
                        sentence_start: int) -> Speaker | None:
        """The person a clause with no speech verb opens with (西吉县的王强记忆深刻：“…” /
        “…”李明掰着手指算起了账): a name (tagged PER, or a known speaker) with at most a
        description before it, no verb or preposition; not one followed by 的 (王明的母亲)."""
        known = book.known_names()
        subject = self.subject_phrase(doc, start, end, known)
        if subject is None:
            return None
        mention = self.parser.parse(doc, *subject, known)
        if mention is None or not (mention.form == "pronoun" or mention.form == "full" and mention.speaker.name):
            return None
        return book.resolve(mention, paragraph, sentence_start)

    def subject_phrase(self, doc: Doc, start: int, end: int, known: set[str] = frozenset()) -> tuple[int, int] | None:
        """Bounds of the clause's opening "<description><name>", or None."""
        text = text_of(doc)
        lead = self.parser.lead.match(text[start:end])
        start += lead.end() if lead else 0
        words = [t for t in tokens_in(doc, start, end) if t.tag not in PUNCT_TAGS]
        if words and words[0].text in SUBJECT_PRONOUNS:
            return start, words[0].end          # 他还拿家乡的公园做了对比：“…”
        at = next((i for i, w in enumerate(words) if w.tag == "PER" or w.text in known), None)
        if at is None:
            return None
        if text.startswith("的", words[at].end) and not text.startswith(self.parser.said_nouns, words[at].end + 1):
            return None           # 王明的母亲: someone else (not 王明的回答很干脆：, his words)
        before = words[:at]
        if self.parser.has_main_verb(before, self.parser.role_modifiers) or self.parser.has_preposition(before):
            return None
        return start, words[at].end

    def joint_speakers(self, doc: Doc, c: Candidate, book: SpeakerBook, paragraph: int,
                       sentence_start: int, sent_starts: list[int]) -> list[Speaker] | None:
        """The speakers of a phrase naming several persons or roles together (王明、李华均表示),
        or of 他们/两人 after the persons named just before, for a rule whose speaker stands next
        to its verb; None for one speaker."""
        m = c.match
        if c.rule.options.get("speaker_from") or "speaker" not in m.re.groupindex or m.group("speaker") is None \
                or c.rule.options.get("speaker_must_be") == "organisation":
            return None
        phrase = m.group("speaker")
        if self.plural_pronouns and any(p in phrase for p in self.plural_pronouns):
            start, end, _ = self.parser.trim(text_of(doc), m.start("speaker"), m.end("speaker"))
            if text_of(doc)[start:end] in self.plural_pronouns:
                return self.persons_named_before(book, start, sentence_start, sent_starts)
        parts = self.parser.joint(doc, m.start("speaker"), m.end("speaker"), book.known_names())
        if not parts:
            return None
        speakers = [book.resolve(part, paragraph, sentence_start) for part in parts]
        return speakers if all(s is not None and not s.is_empty() for s in speakers) else None

    @staticmethod
    def persons_named_before(book: SpeakerBook, at: int, sentence_start: int,
                             sent_starts: list[int]) -> list[Speaker] | None:
        """他们/两人 speaking: the persons named in the sentence before and in this one up to the
        pronoun (王明和李华签署了协议。他们表示…), when they are two to four; with nobody named
        there, a crowd named by its role (几位专家来到现场。他们认为…); None otherwise."""
        k = bisect_right(sent_starts, sentence_start - 1) - 1
        since = sent_starts[k] if k >= 0 and sentence_start > 0 else sentence_start
        names: list[str] = []
        person = book.nearest_person(at, not_before=since)
        while person is not None:
            if person.text not in names and not any(person.text in n or n in person.text for n in names):
                names.append(person.text)
            person = book.nearest_person(person.start, not_before=since)
        if not names:                 # 一群村民围了过来。他们说: the crowd, by its role
            crowd = book.crowd_named(since, at)
            return [crowd] if crowd is not None else None
        if not 2 <= len(names) <= 4:
            return None
        return [book.learn(Speaker(name=n)) for n in reversed(names)]

    def speaker_of(self, doc: Doc, c: Candidate, book: SpeakerBook, at: int, paragraph: int,
                   sentence_start: int) -> Speaker | None:
        rule, m = c.rule, c.match
        if rule.options.get("speaker_from") in ("previous", "context"):
            said = book.last_said(m.start("quote"), paragraph)
            if said and book.asks(said):
                return None                 # “…？”王明问。“…”: the answer is someone else's
            if said:
                return said.speaker
            if rule.options.get("speaker_from") == "context":
                paragraph_start = breaks_before(text_of(doc), m.start("quote"))
                return book.paragraph_subject(paragraph_start, m.start("quote"))
            return None
        if rule.options.get("speaker_from") == "issuer":
            issuer = book.organisation_subject(m.start(), sentence_start, issued=True)
            document = m.group(0)[:m.start("cue") - m.start()]
            if issuer is None and any(w in document for w in self.parser.medium_mentions):
                issuer = book.medium_quoted_last(m.start())    # 报道称…。报道中还提到…: the same report
            return issuer
        if rule.options.get("speaker_from") == "subject":
            return self.subject_speaker(doc, m.start("speaker"), m.end("speaker"), book, paragraph, sentence_start)
        if "speaker" not in rule.regex.groupindex or m.group("speaker") is None:
            return None
        mention = self.parser.parse(doc, m.start("speaker"), m.end("speaker"), book.known_names())
        if mention is None:
            return None
        if mention.form == "zero" and rule.options.get("zero_subject") == "sentence_person":
            person = book.nearest_person(mention.start, not_before=sentence_start, subject_only=True)
            return book.person_speaker(person) if person else None
        must_be = rule.options.get("speaker_must_be")
        if must_be == "person":
            if mention.form == "full" and not mention.person:
                return None
            if mention.form in ("anaphor",):
                return None
        if must_be == "role" and mention.form == "full" and not (mention.person or mention.speaker.title):
            return None                     # an organisation alone (这家工厂表示欢迎…)
        if must_be == "organisation" and not (mention.form == "full" and mention.named_org):
            return None                     # a named organisation alone (苹果称…), nobody else
        if mention.form == "full" and mention.speaker.name:
            first = self.parser.first_post(doc, m.start("speaker"))
            if first is not None:
                mention.speaker = Speaker(name=mention.speaker.name, title=first.title, org=first.org)
        speaker = book.resolve(mention, paragraph, sentence_start)
        if speaker is not None and mention.form == "full" and speaker.title and not speaker.org and not speaker.name:
            # 在华勤通讯，某高管表示: the role speaks for the place the sentence opened with.
            org = self.parser.locative_org(doc, mention.start)
            if org:
                speaker = Speaker(name="", title=speaker.title, org=org)
        if speaker is not None and must_be == "person" and not speaker.name:
            return None
        if speaker is not None and must_be == "role" and not (speaker.name or speaker.title):
            return None
        return speaker


@Language.factory("newsx_quotes", default_config={"rules_dirs": []})
def make_quote_extractor(nlp: Language, name: str, rules_dirs: list[str]) -> QuoteExtractor:
    return built_from(QuoteExtractor, load_rules_at(rules_dirs))
