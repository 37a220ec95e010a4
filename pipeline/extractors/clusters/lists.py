"""Clusters named in lists and tables: the row a name stands in, and the list's heading.

A list item or table row often gives the industry alone (`（一）集成电路产业集群`, a table row
`2 | 汽车零部件产业集群 | 十堰市`); its place is the row's (a cell that is only a place), else
the list's heading (`嘉兴市重点培育以下集群：`, a table's caption), else the article's.

The cleaner turns an HTML table into one line per cell (pipeline/clean/dom.py: td and th are
blocks), and a table copied as page text into one line per row with the cells apart by spaces.
So a row is either one line starting with its number, or the lines from a line that is only a
number (the 序号 cell) to the next such line. The marker and place patterns come from
rules/clusters.yaml (`item_marker`, `listed_place`; the lexicon `table_headers`).
"""
from __future__ import annotations

import re

# A cell line holds no sentence: short, without the punctuation of prose.
CELL_MAX = 30
PROSE_MARKS = re.compile("[。，,；;！？!?]")
NUMBER_CELL = re.compile(r"[ \t]*[0-9]{1,3}[ \t]*")
HEADER_WORD_MAX = 8
# A row of cells as lines: its number cell at most this many lines above the name, its other cells below.
ROW_CELLS = 6
# How far up a table or list may reach for its heading.
HEADING_LINES = 400


class ListReader:
    def __init__(self, marker: re.Pattern | None, place: re.Pattern | None, table_headers: tuple[str, ...]):
        self.marker = marker              # an item marker at the start of a line: （一） 1. 一、 ①
        self.place = place                # a place, the whole of a cell
        self.table_headers = table_headers

    # --- the row ---------------------------------------------------------------------

    def row_lines(self, text: str, start: int, end: int) -> list[str] | None:
        """The other cells of the row of a name that is a line of its own (text[start:end]), from the
        number cell above it to the next number cell; None when no number cell opens the row (the
        line is no table cell)."""
        above = _lines_before(text, _line_start(text, start), ROW_CELLS)
        for k, line in enumerate(above):
            if NUMBER_CELL.fullmatch(line):
                cells = above[:k]
                break
            if not self.is_cell(line):
                return self.row_under_header(text, start, end)
        else:
            return self.row_under_header(text, start, end)
        below = []
        for line in _lines_after(text, _line_end(text, end), ROW_CELLS - len(cells)):
            if NUMBER_CELL.fullmatch(line) or not self.is_cell(line):
                break
            below.append(line)
        return cells + below

    def row_under_header(self, text: str, start: int, end: int) -> list[str] | None:
        """The row of a name cell in a table without a number column: its header cells (each a line
        of header words: 所在地, 集群名称) give the row's width, and the cells below them are counted
        off in rows of that width. None without such a header (every line up to it a cell)."""
        above = _lines_before(text, _line_start(text, start), HEADING_LINES)
        for k, line in enumerate(above):
            if self.is_header(line):
                width = 0
                while k + width < len(above) and self.is_header(above[k + width]):
                    width += 1
                if width < 2:
                    return None
                column = k % width
                return above[:column] + _lines_after(text, _line_end(text, end), width - 1 - column)
            if not self.is_cell(line):
                return None
        return None

    @staticmethod
    def beside_a_name_line(text: str, start: int, end: int, name_line: re.Pattern) -> bool:
        """Whether the line above or below a name line (a line that is only a cluster name) is one too:
        a list copied without numbers (锂电产业集群 / 电子信息产业集群 / …), not a lone subheading."""
        for lines in (_lines_before(text, _line_start(text, start), 1), _lines_after(text, _line_end(text, end), 1)):
            for line in lines:
                m = name_line.match(line)
                if m and m.end() == len(line.rstrip()):
                    return True
        return False

    def places_of_nearby_names(self, text: str, start: int, end: int, placed: re.Pattern) -> set[str]:
        """The places that nearby rows of the list or table (a few lines up or down) start their cluster
        names with (1. 绍兴市现代纺织产业集群 -> 绍兴市)."""
        lines = _lines_before(text, _line_start(text, start), ROW_CELLS) \
            + _lines_after(text, _line_end(text, end), ROW_CELLS)
        places = set()
        for line in lines:
            marker = self.marker.match(line) if self.marker else None
            words = line[marker.end() if marker else 0:].split()
            own = placed.match(words[0]) if words and words[0].endswith("集群") else None
            if own:
                places.add(own["place"])
        return places

    def row_place(self, cells: list[str]) -> str | None:
        """The one place among the cells (a cell that is only a place); None for none or several."""
        places = {c.strip() for c in cells if self.place is not None and self.place.fullmatch(c.strip())}
        return places.pop() if len(places) == 1 else None

    def is_cell(self, line: str) -> bool:
        return len(line.strip()) <= CELL_MAX and not PROSE_MARKS.search(line)

    def is_header(self, line: str) -> bool:
        """A table's header row or one of its cells: short words, one of them a header (序号 集群名称 所在地)."""
        words = line.split()
        return bool(words) and any(w in self.table_headers for w in words) \
            and all(len(w) <= HEADER_WORD_MAX for w in words) and not PROSE_MARKS.search(line)

    def has_header_before(self, text: str, pos: int) -> bool:
        """Whether the line opens with a table header (序号 …) before pos: rows flattened into it follow."""
        words = text[_line_start(text, pos):pos].split()
        return bool(words) and words[0] in self.table_headers

    # --- the heading -----------------------------------------------------------------

    def headings(self, text: str, start: int) -> list[str]:
        """Where a list item at `start` may take its place from, nearest first: the part of its
        sentence before the list's first marker (嘉兴市重点培育以下集群：（一）…), or, for an item that
        opens its line (a numbered line, a table cell), the list's heading line: the first line above
        the list that is not one of its items or cells (for a table, the line above its header)."""
        line_start = _line_start(text, start)
        sentence_start = max(line_start, *(text.rfind(ch, line_start, start) + 1 for ch in "。！？!?"))
        before = text[sentence_start:start]
        first = self.marker.search(before) if self.marker else None
        lead = before[:first.start()] if first else before
        if lead.strip() and not self.is_header(lead):
            return [lead]
        passed_header = False
        for line in _lines_before(text, line_start, HEADING_LINES):
            if not line.strip():
                continue
            if self.is_header(line):
                passed_header = True
            elif passed_header or not (self.is_cell(line) or (self.marker and self.marker.match(line))):
                return [line]       # above a table's header: its caption, or the text introducing it
        return []


def _line_start(text: str, pos: int) -> int:
    return text.rfind("\n", 0, pos) + 1


def _line_end(text: str, pos: int) -> int:
    end = text.find("\n", pos)
    return len(text) if end < 0 else end


def _lines_before(text: str, line_start: int, most: int) -> list[str]:
    """Up to `most` lines ending just before line_start, nearest first."""
    lines, end = [], line_start - 1
    while end >= 0 and len(lines) < most:
        start = text.rfind("\n", 0, end) + 1
        lines.append(text[start:end])
        end = start - 1
    return lines


def _lines_after(text: str, line_end: int, most: int) -> list[str]:
    """Up to `most` lines starting just after line_end, nearest first."""
    lines, start = [], line_end + 1
    while start <= len(text) and len(lines) < most:
        end = _line_end(text, start)
        lines.append(text[start:end])
        start = end + 1
    return lines
