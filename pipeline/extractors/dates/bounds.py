"""The first and last calendar day an ISO date value covers, for spreadsheets that sort and
filter dates: 2019-09 -> 2019-09-01 .. 2019-09-30, 2016-01/2016-10 -> 2016-01-01 .. 2016-10-31.

An end whose year is unknown (XXXX-05-20, XXXX-XX-04) or outside the Gregorian calendar that
spreadsheets know (years before 1, BCE years written -3000) has no day: its cell stays empty.
"""
from __future__ import annotations

import calendar


def _day_bounds(value: str) -> tuple[str, str]:
    """(first day, last day) of one ISO value without an interval: 2019 -> 2019-01-01, 2019-12-31."""
    parts = value.split("-")
    if not parts[0].isdigit() or len(parts[0]) != 4 or int(parts[0]) < 1:
        return "", ""
    year = int(parts[0])
    month = int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else None
    day = int(parts[2][:2]) if len(parts) > 2 and parts[2][:2].isdigit() else None
    if len(parts) > 1 and month is None:
        return "", ""      # 2021-XX-04: a day whose month is unknown
    if month is None:
        return f"{year:04d}-01-01", f"{year:04d}-12-31"
    if not 1 <= month <= 12:
        return "", ""
    last = calendar.monthrange(year, month)[1]
    if day is None:
        return f"{year:04d}-{month:02d}-01", f"{year:04d}-{month:02d}-{last:02d}"
    if not 1 <= day <= last:
        return "", ""      # 2023-02-30: not a day of the calendar
    return (f"{year:04d}-{month:02d}-{day:02d}",) * 2


def date_bounds(value: str) -> tuple[str, str]:
    """(date_from, date_to) of a date value or an ISO interval start/end; "" for an unknown end."""
    start, _, end = value.partition("/")
    first = _day_bounds(start)[0]
    last = _day_bounds(end or start)[1]
    return first, last
