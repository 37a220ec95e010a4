"""Interviews: question-and-answer turns, the paragraphs an answer runs over, and the
interviewee a heading names.

    嘉宾：华东某集团董事长 李明         heading: an interviewee, with title and organisation
    记者：新工厂什么时候投产？          question (a labelled one)
    李明：明年三月。                    answer, under the speaker's own label
    首期产能五万吨。                    the answer goes on (no label of its own)
    问：…？ / 答：…                     an answer under 答: the interviewee of the heading
    …？  then paragraphs               after a heading, a bare question line and its answer

The line shapes are the rules of rules/quotes.yaml with a `turn:` key (heading, question,
answer, continued); this module reads an article's paragraphs in order with them and says which
paragraphs are answers and who gives them. An answer goes on only in an article that asks
questions (a labelled question came before), and stops at the next label, question or section
heading: a paragraph of narration after a one-off `王明：…` line stays narration. Under a
commentary heading (专家点评: rules lexicon commentary_headings), each expert's `王明（…）：…`
paragraph runs on the same way, up to the next label or section heading.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline.rules import Rule, RuleSet, compile_pattern

# A short line not closed like a sentence is a section heading (制造业比重关键要“合理”): it ends an answer.
SECTION_HEADING_MAX = 30
SENTENCE_CLOSERS = "。！？!?…”’」』）)"
# Any `label：` line (a byline, 文字实录如下：, an unknown label) ends an answer that runs on.
LABEL_LINE = re.compile(r"[ \t\u3000]*[【\[]?[^\n：:，,。！？!?“”]{1,14}[】\]]?[：:]")
# A quotation introduced by a colon (他对观众说：“…”): speech the paragraph tells of.
SPEECH_INTRODUCED = re.compile(r"[：:]\s*“")


@dataclass
class Turn:
    """An answer paragraph: the rule that says whose it is, the match giving the words (`quote`),
    and how to find the speaker: the label to read, an interviewee already read, or the turn it
    continues."""
    rule: Rule
    match: re.Match
    label: tuple[int, int] | None = None          # the speaker's label (李明：…), or that of the turn continued
    interviewee: "Interviewee | None" = None      # the heading's interviewee (答：…, after a bare question)
    continues: "Turn | None" = None               # the answer this paragraph goes on with
    question: str = ""                            # the question answered (徐主任, …: a title the asker uses)


@dataclass
class Interviewee:
    """A person a heading names, as read from it."""
    speaker: object               # a speakers.Speaker (name, title, org)


class InterviewReader:
    def __init__(self, rules: RuleSet):
        lex, frags = rules.lexicons.get("quotes", {}), rules.fragments.get("quotes", {})
        by_turn = {}
        for rule in rules.rules("quotes"):
            if rule.options.get("turn") and rule.regex is not None:
                by_turn.setdefault(rule.options["turn"], rule)
        self.heading = by_turn.get("heading")
        self.question = by_turn.get("question")
        self.answer = by_turn.get("answer")
        self.continued = by_turn.get("continued")
        gate = frags.get("interview_gate")
        self.gate = compile_pattern(gate, lex, frags) if gate else None
        headings = lex.get("commentary_headings", [])
        words = "|".join(map(re.escape, headings))
        self.commentary = re.compile(f"[ \t\u3000]*[【\\[]?(?:{words})[】\\]]?[ \t\u3000]*") if headings else None

    def may_hold_interview(self, text: str) -> bool:
        return self.gate is None or self.gate.search(text) is not None

    def read(self, text: str, names_person, reads_as_interviewee) -> list[Turn]:
        """The answer paragraphs of `text` (quotation marks already read as “”), in order.

        `names_person(start, end, asked)`: whether a label names a person (tagged by the model,
        a known name; with `asked`, in an article that asks questions, a name the model missed);
        `reads_as_interviewee(start, end, labelled)`: an Interviewee, or None, for a heading."""
        if self.answer is None or not self.may_hold_interview(text):
            return []
        turns: list[Turn] = []
        interviewees: list[Interviewee] = []
        asked = False                 # a labelled question came before: answers may run on
        commenting = False            # under a heading such as 专家点评: each expert's words run on too
        bare_questions = False        # a heading named the interviewee and no question is labelled
        current: Turn | None = None   # the answer a plain paragraph goes on with
        question = ""
        pos = 0
        for line in text.split("\n"):
            start, end = pos, pos + len(line)
            pos = end + 1
            if not line.strip():
                continue
            if self.commentary is not None and self.commentary.fullmatch(line):
                commenting, current = True, None
                continue
            q = self.question.regex.match(text, start, end) if self.question else None
            if q and q.group("label"):
                asked, bare_questions, current, question = True, False, None, line
                continue
            a = self.answer.regex.match(text, start, end)
            if a and names_person(*a.span("speaker"), asked):
                current = Turn(self.answer, a, label=a.span("speaker"), question=question)
                turns.append(current)
                current = current if asked or commenting else None
                continue
            h = self.heading.regex.match(text, start, end) if self.heading else None
            if h:
                person = reads_as_interviewee(*h.span("speaker"), bool(h.group("label")))
                if person is not None:
                    interviewees.append(person)
                    bare_questions = not asked
                    current = None
                    continue
            if q and bare_questions:
                asked, current, question = True, None, line
                continue
            c = self.continued.regex.match(text, start, end) if self.continued else None
            if c is not None and c.group("label"):            # 答：…, the heading's interviewee
                current = None
                if len(interviewees) == 1:
                    current = Turn(self.heading, c, interviewee=interviewees[0], question=question)
                    turns.append(current)
                continue
            if c is None or LABEL_LINE.match(line) or self.is_section_heading(line) \
                    or commenting and not asked and SPEECH_INTRODUCED.search(line):
                current = None            # (under a commentary heading, someone else's speech told: narration)
                commenting = False
                continue
            if current is not None:
                turns.append(Turn(self.continued, c, label=current.label, interviewee=current.interviewee,
                                  continues=current, question=current.question))
            elif bare_questions and asked and len(interviewees) == 1:
                current = Turn(self.heading, c, interviewee=interviewees[0], question=question)
                turns.append(current)
        return turns

    @staticmethod
    def is_section_heading(line: str) -> bool:
        line = line.strip()
        return len(line) <= SECTION_HEADING_MAX and line[-1] not in SENTENCE_CLOSERS
