"""The quote extractor's names: LAC persons and organisations around the speech cues, as a spaCy component.

The model (pipeline/nlp/ner.py) runs only on the clause before each speech cue (the `ner_cue`
fragment of rules/quotes.yaml), where the speaker phrase stands, or the 48 characters before it
when that clause has no subject of its own (…，称“…”), plus the two sentences before a pronoun
speaker (他表示 needs the person named just before). The windows of the Docs of one nlp.pipe
batch are read together.

Results:
  doc.user_data["newsx_lac"]  list of LacToken (character offsets into the text, sorted)
  doc.spans["ner"]            PER / ORG / LOC spans, for `newsx explain`
"""
from __future__ import annotations

import re
from typing import Iterable, Iterator

from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import minibatch

from pipeline.extractors.registry import load_rules_at
from pipeline.nlp.doc_text import text_of
from pipeline.nlp.ner import ENTITY_TAGS, LAC_KEY, tag_windows_of, with_ruler_entities
from pipeline.nlp.sentences import sentence_bounds
from pipeline.nlp.spans import set_spans
from pipeline.rules import RuleSet, compile_pattern, lexicon_regex
from pipeline.speedups.pattern_compiler import CharGatedRegex
from pipeline.speedups.regex_cache import compile_regex

WINDOW_BEFORE = 48          # characters before a cue with no subject of its own that the model sees
SPEAKER_MAX = 50            # a speaker phrase is at most this long (speaker_phrase in rules/quotes.yaml)
POST_LIST_MAX = 80          # characters a list of posts before a speaker (…，…，王明表示) may run over
SHORT_SUBJECT = 2           # a clause shorter than this before its cue (他, 并, nothing) has no subject of its own
CLAUSE_BREAKS = "，,。！？!?；;：:“”\n"
THROUGH_LAST_CLAUSE_BREAK = re.compile("(?s).*[" + re.escape(CLAUSE_BREAKS) + "]")
# 他还对记者表示 / 其表示 / 在他看来 / 该院医生表示 (the organisation 该院 means is named before)
PRONOUN_SPEAKER = re.compile(r"(?:[他她]|(?<![^，,。！？!?；;\n])其|(?:该|这家|这所|本)[院校局所厂行委司])"
                             r"(?:[^，,。“”]{0,14})$|在[他她]")


def cue_regex(rules: RuleSet) -> re.Pattern | None:
    fragment = rules.fragments.get("quotes", {}).get("ner_cue")
    if not fragment:
        return None
    return compile_pattern(fragment, rules.lexicons.get("quotes", {}), rules.fragments.get("quotes", {}))


def clause_start(sentence: str, end: int) -> int:
    """Where the clause ending at `end` starts: after the last clause break before it, else 0
    (one regex match, backtracking from `end`, instead of a search per break character)."""
    m = THROUGH_LAST_CLAUSE_BREAK.match(sentence, 0, end)
    return m.end() if m else 0


class EntityTagger:
    def __init__(self, rules: RuleSet):
        self.cue = cue_regex(rules)
        # (a sentence without a character some cue alternatives need is searched without them)
        self.cues = CharGatedRegex.of(self.cue) if self.cue else None
        lex, frags = rules.lexicons.get("quotes", {}), rules.fragments.get("quotes", {})
        # The adverbials the quote extractor trims (在会上, 对记者…): what is left is the subject.
        tail = frags.get("speaker_tail")
        self.adverbials = compile_pattern("(?:" + tail + ")+$", lex, frags) if tail else None
        posts = frags.get("post_list")
        # An organisation named again by its kind (该中心, 这家公司; 公司 opening a clause, before a post).
        kinds, heads = lex.get("pointed_org_kinds", []), lex.get("bare_org_heads", [])
        titles = lexicon_regex(lex.get("titles", []))
        self.org_again = compile_regex(
            "(?:(?:该|这家|这所|本|此)(?:" + lexicon_regex(kinds) + ")|(?<![\u4e00-\u9fa5A-Za-z])(?:"
            + lexicon_regex(heads) + ")[^，,。“”]{0,8}?(?:" + titles + "))[^，,。“”]{0,14}$") \
            if kinds and heads else None
        self.post_list = compile_pattern(posts, lex, frags) if posts else None
        # 通告指出，… opening a sentence: the organisation that issued it is named in the one before.
        docs = lex.get("issued_documents", [])
        self.document_speaks = compile_regex("^[ \t\u3000]*(?:该|这份|这则|此|上述)?(?:" + lexicon_regex(docs) + ")")\
            if docs else None

    def posts_before(self, sentence: str, clause: int) -> int | None:
        """Where a list of posts separated by commas ends right before `clause`, or None."""
        if self.post_list is None or clause < 2 or sentence[clause - 1] not in "，,":
            return None
        at = max(0, clause - POST_LIST_MAX)
        m = self.post_list.search(sentence, at, clause)
        return m.start() if m else None

    def subject_length(self, clause: str) -> int:
        m = self.adverbials.search(clause) if self.adverbials else None
        return m.start() if m else len(clause)

    def windows_to_tag(self, doc: Doc, text: str) -> list[tuple[int, int]]:
        """Spans of text worth tagging: up to WINDOW_BEFORE characters before each speech
        cue (where the speaker phrase and an earlier subject stand), through the cue; and,
        when a pronoun speaks, the two sentences before (where the person was named)."""
        sents = sentence_bounds(doc)
        spans: list[tuple[int, int]] = []
        for i, (start, end) in enumerate(sents):
            sentence = text[start:end]
            cues = list(self.cues.for_text(sentence).finditer(sentence)) if self.cues else []
            if not cues:
                continue
            if i > 0 and self.document_speaks is not None and self.document_speaks.match(sentence):
                spans.append(sents[i - 1])
            for m in cues:
                # The clause holding the cue is where the speaker phrase stands; a clause with
                # (almost) no subject of its own (…，称 / …，在会上表示) needs the sentence before it.
                clause = clause_start(sentence, m.start())
                if clause and self.document_speaks is not None and self.document_speaks.match(sentence[clause:]):
                    spans.append((start, start + m.end()))   # …发表了…的报道，报道称: its issuer opens the sentence
                if self.subject_length(sentence[clause:m.start()]) >= SHORT_SUBJECT:
                    window_start = max(clause, m.start() - SPEAKER_MAX, 0)
                    # A list of posts before the speaker (市委副书记，市长王明表示): the first is the title.
                    posts = self.posts_before(sentence, clause)
                    window_start = min(window_start, posts) if posts is not None else window_start
                else:
                    window_start = max(m.start() - WINDOW_BEFORE, 0)
                spans.append((start + window_start, start + m.end()))
                if PRONOUN_SPEAKER.search(sentence, max(0, m.start() - 16), m.start() + 1):
                    spans += [sents[j] for j in (i - 1, i - 2) if j >= 0]
                elif self.org_again and self.org_again.search(sentence, max(0, m.start() - 16), m.start() + 1):
                    # 该中心主任 / 公司副总经理: the organisation is named earlier in this sentence or before.
                    spans += [sents[j] for j in (i, i - 1) if j >= 0]
        merged: list[tuple[int, int]] = []
        for s, e in sorted(spans):
            if merged and s <= merged[-1][1]:
                merged[-1] = (merged[-1][0], max(merged[-1][1], e))
            else:
                merged.append((s, e))
        return [(s, e) for s, e in merged if text[s:e].strip()]

    def __call__(self, doc: Doc) -> Doc:
        return next(self.pipe([doc]))

    def pipe(self, docs: Iterable[Doc], batch_size: int = 16) -> Iterator[Doc]:
        """The docs, `batch_size` at a time, their windows read by the model together: with the
        length-aware encoder, windows of several articles fill the padded batches better than one
        article's few (less encoder time). Each window is read
        alone either way, so a doc's tokens do not depend on the others."""
        for group in minibatch(docs, batch_size):
            texts = [text_of(doc) for doc in group]
            bounds = [self.windows_to_tag(doc, text) for doc, text in zip(group, texts)]
            for doc, tokens in zip(group, tag_windows_of(texts, bounds)):
                tokens = with_ruler_entities(tokens, doc)
                doc.user_data[LAC_KEY] = tokens
                set_spans(doc, "ner", ((t.start, t.end, t.tag) for t in tokens if t.tag in ENTITY_TAGS))
                yield doc


@Language.factory("newsx_ner", default_config={"rules_dirs": []})
def make_entity_tagger(nlp: Language, name: str, rules_dirs: list[str]) -> EntityTagger:
    return EntityTagger(load_rules_at(rules_dirs))
