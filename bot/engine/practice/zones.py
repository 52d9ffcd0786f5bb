"""Time zones: the common choices offered as buttons, and what people type instead.

A zone is kept by its IANA name ("Europe/Madrid", read with zoneinfo; the ``tzdata`` package
supplies the data where the system has none) or as a fixed offset written ``UTC+05:30``. Typed
answers may name a city in the zone database ("Madrid", "new york", with small typos), one of a
few large cities it does not name ("Munich", "Mumbai"), a common abbreviation ("CET", "EST") or
an offset ("UTC+2", "GMT-5", "+5:30"). An offset does not follow summer time, which the
confirmation says.
"""

from __future__ import annotations

import re
import zoneinfo
from datetime import datetime, timedelta, timezone, tzinfo
from functools import cache, lru_cache

from rapidfuzz import fuzz, process

from bot.text.normalise import normalise

# (button label, zone), in the order the buttons are shown.
COMMON = (
    ("London", "Europe/London"),
    ("Berlin · Paris", "Europe/Berlin"),
    ("New York", "America/New_York"),
    ("Chicago", "America/Chicago"),
    ("Denver", "America/Denver"),
    ("Los Angeles", "America/Los_Angeles"),
    ("India", "Asia/Kolkata"),
    ("Sydney", "Australia/Sydney"),
    ("UTC", "UTC"),
)
ZONE_NAME = r"[A-Za-z0-9_+\-/]{1,48}"  # how a zone travels in a button payload (no colon)
_OFFSET = re.compile(r"^(?:(?:utc|gmt|z)\s*)?([+-])\s*(\d{1,2})(?:[:.h\s]?(\d{2}))?$")
_FIXED = re.compile(r"^UTC([+-])(\d{2}):(\d{2})$")
_AREAS = ("Europe", "America", "Asia", "Africa", "Australia", "Pacific", "Atlantic", "Indian", "Antarctica")
# Large cities the zone database does not name, and words people use for a zone.
_OTHER_NAMES = {
    "utc": "UTC", "gmt": "Europe/London", "bst": "Europe/London", "uk": "Europe/London", "england": "Europe/London",
    "manchester": "Europe/London", "birmingham": "Europe/London", "glasgow": "Europe/London",
    "edinburgh": "Europe/London", "liverpool": "Europe/London", "leeds": "Europe/London", "bristol": "Europe/London",
    "cardiff": "Europe/London", "belfast": "Europe/London", "cet": "Europe/Berlin", "cest": "Europe/Berlin",
    "germany": "Europe/Berlin", "munich": "Europe/Berlin", "hamburg": "Europe/Berlin", "frankfurt": "Europe/Berlin",
    "cologne": "Europe/Berlin", "france": "Europe/Paris", "lyon": "Europe/Paris", "marseille": "Europe/Paris",
    "spain": "Europe/Madrid", "barcelona": "Europe/Madrid", "valencia": "Europe/Madrid", "seville": "Europe/Madrid",
    "italy": "Europe/Rome", "milan": "Europe/Rome", "naples": "Europe/Rome", "florence": "Europe/Rome",
    "netherlands": "Europe/Amsterdam", "rotterdam": "Europe/Amsterdam", "switzerland": "Europe/Zurich",
    "geneva": "Europe/Zurich", "poland": "Europe/Warsaw", "krakow": "Europe/Warsaw", "ireland": "Europe/Dublin",
    "portugal": "Europe/Lisbon", "porto": "Europe/Lisbon", "greece": "Europe/Athens", "turkey": "Europe/Istanbul",
    "ukraine": "Europe/Kyiv", "kiev": "Europe/Kyiv", "russia": "Europe/Moscow", "st petersburg": "Europe/Moscow",
    "est": "America/New_York", "edt": "America/New_York", "eastern": "America/New_York", "nyc": "America/New_York",
    "boston": "America/New_York", "washington": "America/New_York", "philadelphia": "America/New_York",
    "atlanta": "America/New_York", "miami": "America/New_York", "orlando": "America/New_York",
    "cst": "America/Chicago", "cdt": "America/Chicago", "central": "America/Chicago", "dallas": "America/Chicago",
    "houston": "America/Chicago", "austin": "America/Chicago", "mst": "America/Denver", "mdt": "America/Denver",
    "mountain": "America/Denver", "salt lake city": "America/Denver", "pst": "America/Los_Angeles",
    "pdt": "America/Los_Angeles", "pacific": "America/Los_Angeles", "san francisco": "America/Los_Angeles",
    "seattle": "America/Los_Angeles", "san diego": "America/Los_Angeles", "portland": "America/Los_Angeles",
    "las vegas": "America/Los_Angeles", "montreal": "America/Toronto", "ottawa": "America/Toronto",
    "calgary": "America/Edmonton", "ist": "Asia/Kolkata", "india": "Asia/Kolkata", "mumbai": "Asia/Kolkata",
    "delhi": "Asia/Kolkata", "new delhi": "Asia/Kolkata", "bangalore": "Asia/Kolkata", "bengaluru": "Asia/Kolkata",
    "chennai": "Asia/Kolkata", "hyderabad": "Asia/Kolkata", "china": "Asia/Shanghai", "beijing": "Asia/Shanghai",
    "shenzhen": "Asia/Shanghai", "guangzhou": "Asia/Shanghai", "japan": "Asia/Tokyo", "jst": "Asia/Tokyo",
    "osaka": "Asia/Tokyo", "korea": "Asia/Seoul", "aest": "Australia/Sydney", "canberra": "Australia/Sydney",
    "nz": "Pacific/Auckland", "new zealand": "Pacific/Auckland", "wellington": "Pacific/Auckland",
    "brazil": "America/Sao_Paulo", "rio de janeiro": "America/Sao_Paulo", "rio": "America/Sao_Paulo",
    "uae": "Asia/Dubai", "abu dhabi": "Asia/Dubai", "israel": "Asia/Jerusalem", "tel aviv": "Asia/Jerusalem",
    "egypt": "Africa/Cairo", "south africa": "Africa/Johannesburg", "cape town": "Africa/Johannesburg",
    "nigeria": "Africa/Lagos", "abuja": "Africa/Lagos", "kenya": "Africa/Nairobi",
}  # fmt: skip
_FILLER = re.compile(
    r"^(?:(?:i m|im|i am|i live|we re|we are|my time ?zone is|time ?zone|timezone|it s|its|in the|at the|near the|"
    r"in|at|near)\s+)+"
)
_TRAILING = re.compile(r"\s+(?:time|time zone|timezone|area|please|thanks)$")


@lru_cache(maxsize=1024)  # zoneinfo keeps only a few zones loaded; people live in many
def zone(name: str) -> tzinfo:
    """The tzinfo for a stored zone name; raises KeyError for one that is not known."""
    fixed = _FIXED.fullmatch(name)
    if fixed:
        sign = -1 if fixed.group(1) == "-" else 1
        return timezone(sign * timedelta(hours=int(fixed.group(2)), minutes=int(fixed.group(3))))
    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError) as exc:
        raise KeyError(name) from exc


def is_known(name: str) -> bool:
    try:
        zone(name)
    except KeyError:
        return False
    return True


def is_fixed(name: str) -> bool:
    return bool(_FIXED.fullmatch(name)) or name == "UTC"


def local_time(name: str, at: float) -> str:
    """The time of day in zone ``name`` at the instant ``at`` ("14:05")."""
    return datetime.fromtimestamp(at, zone(name)).strftime("%H:%M")


def resolve(text: str) -> str | None:
    """The zone a typed answer names, or None when it names none. A place said with its region
    or country ("Pune, India", "I live in Leeds, England") is read part by part, the last
    first."""
    whole = _resolve(text)
    if whole is not None or "," not in text:
        return whole
    return next((zone for part in reversed(text.split(",")) if (zone := _resolve(part)) is not None), None)


def _resolve(text: str) -> str | None:
    offset = _offset(text.strip().lower())
    if offset is not None:
        return offset
    words = _TRAILING.sub("", _FILLER.sub("", normalise(text)))
    if not words or len(words) > 40:
        return None
    if words in _OTHER_NAMES:
        return _OTHER_NAMES[words]
    names = _city_names()
    if words in names:
        return names[words]
    if len(words) >= 5:  # a typo in a longer name: "lodnon", "amsterdm"
        found = process.extractOne(words, [*names, *_OTHER_NAMES], scorer=fuzz.ratio, score_cutoff=80)
        if found is not None:
            return names.get(found[0]) or _OTHER_NAMES[found[0]]
    return None


def _offset(text: str) -> str | None:
    """ "UTC+2", "gmt -5", "+05:30" -> "UTC+02:00" ...; "utc" alone is UTC."""
    if text in ("utc", "gmt+0", "utc+0", "utc 0", "z"):
        return "UTC"
    found = _OFFSET.fullmatch(text.replace("utc ", "utc").replace("gmt ", "gmt"))
    if not found:
        return None
    hours, minutes = int(found.group(2)), int(found.group(3) or 0)
    if hours > 14 or minutes not in (0, 15, 30, 45) or (hours == 14 and minutes):
        return None
    if hours == 0 and minutes == 0:
        return "UTC"
    return f"UTC{found.group(1)}{hours:02d}:{minutes:02d}"


@cache
def _city_names() -> dict[str, str]:
    """The cities the zone database is named after: "new york" -> "America/New_York"."""
    names: dict[str, str] = {}
    for key in sorted(zoneinfo.available_timezones()):
        area, _, place = key.rpartition("/")
        if area.split("/")[0] not in _AREAS:
            continue  # legacy names such as US/Eastern
        names.setdefault(normalise(place.replace("_", " ")), key)
        names.setdefault(normalise(key.replace("/", " ").replace("_", " ")), key)
    return names
