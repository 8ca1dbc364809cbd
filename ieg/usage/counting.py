"""How a request is counted (R26), by the audited definitions (JICWEBS/ABC). Pure: no Flask, no
database.

- A page impression is a successful request for a public page by a browser.
- A unique browser is counted once in a period. With no cookie, the standard allows the IP address
  and User-Agent together; here they become a keyed hash (HMAC-SHA-256 with the period's secret
  salt), so neither is kept, and a new salt each month means no browser can be followed across
  months. A request sending `Sec-GPC: 1` or `DNT: 1` counts as an impression but never as a browser.
- A visit is a browser's run of page impressions with no gap over 30 minutes; its duration (first
  to last impression) is only measurable, so only averaged, over visits of two or more pages.
- Robots are excluded in two passes: a maintained list of crawlers' User-Agents (the
  crawler-user-agents package), then a check that the User-Agent looks like a browser at all.
"""
from __future__ import annotations

import hashlib
import hmac
import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import lru_cache
from urllib.parse import urlsplit

import crawleruseragents

VISIT_GAP = timedelta(minutes=30)
LISTED, NOT_A_BROWSER = "listed", "not_a_browser"
ROBOT_LABELS = {LISTED: "On the crawler list", NOT_A_BROWSER: "Does not look like a browser"}
DEVICES = ("desktop", "mobile", "tablet")
# Every browser in use today sends "Mozilla/5.0 (platform) engine ...": a User-Agent without a
# rendering engine's token is a script, a library or a tool.
_ENGINE = re.compile(r"AppleWebKit/|Gecko/|Trident/|Presto/")
_TOOLS = re.compile(r"headless|python|curl|wget|java/|okhttp|go-http|libwww|httpclient|phantom|selenium|"
                    r"lighthouse|pingdom|monitor|preview|scan", re.I)


def keyed(salt: str):
    """The HMAC keyed with a period's salt, ready to be copied for each browser (keying it is
    most of the cost of one hash)."""
    return hmac.new(salt.encode(), digestmod=hashlib.sha256)


def hash_with(key, address: str, user_agent: str) -> str:
    """The keyed hash of one browser in the key's period: neither input can be read back."""
    mac = key.copy()
    mac.update(f"{address}\n{user_agent}".encode("utf-8", "replace"))
    return mac.hexdigest()[:32]


def browser_hash(salt: str, address: str, user_agent: str) -> str:
    return hash_with(keyed(salt), address, user_agent)


def opted_out(headers) -> bool:
    """Global Privacy Control or Do Not Track: count the page, never the browser."""
    return headers.get("Sec-GPC", "").strip() == "1" or headers.get("DNT", "").strip() == "1"


@lru_cache(maxsize=8192)
def robot(user_agent: str) -> str | None:
    """None for a browser, else how the robot was caught: LISTED (the crawler list) or
    NOT_A_BROWSER (no User-Agent, or not one a browser sends)."""
    if not user_agent:
        return NOT_A_BROWSER
    if crawleruseragents.is_crawler(user_agent):
        return LISTED
    if (not user_agent.startswith("Mozilla/5.0 (") or len(user_agent) > 512 or not _ENGINE.search(user_agent)
            or _TOOLS.search(user_agent)):
        return NOT_A_BROWSER
    return None


@lru_cache(maxsize=8192)
def device(user_agent: str) -> str:
    if "iPad" in user_agent or ("Android" in user_agent and "Mobile" not in user_agent) or "Tablet" in user_agent:
        return "tablet"
    if "Mobi" in user_agent or "iPhone" in user_agent or "Android" in user_agent:
        return "mobile"
    return "desktop"


def referrer_domain(referrer: str, own_host: str) -> str:
    """The domain a visitor followed a link from ("" for none, or from this site): only the
    domain, never the address, which can carry someone's search or a token."""
    if not referrer:
        return ""
    try:
        host = (urlsplit(referrer).hostname or "").lower()
    except ValueError:
        return ""
    own = own_host.split(":")[0].lower()
    if not host or host == own:
        return ""
    return host.removeprefix("www.")[:200]


def section_of(path: str) -> str:
    """The section a public path is in: its first segment ("" for the home page)."""
    return path.strip("/").split("/", 1)[0][:100]


@dataclass(frozen=True)
class Hit:
    at: datetime
    path: str
    browser: str    # the keyed hash; "" when not counted as a browser (opted out, or a robot)
    robot: str      # "" for a browser, else LISTED or NOT_A_BROWSER
    device: str
    referrer: str


@dataclass
class Visit:
    day: object       # the local date it began on
    started_at: datetime
    last_at: datetime
    pages: int = 1

    @property
    def seconds(self) -> int:
        return int((self.last_at - self.started_at).total_seconds())


@dataclass
class VisitChanges:
    started: list[tuple[str, Visit, str]] = field(default_factory=list)  # (browser, visit, entry page)
    ended: list[Visit] = field(default_factory=list)


def follow_visits(open_visits: dict[str, Visit], hits: list[Hit], local_day, now: datetime | None) -> VisitChanges:
    """Apply `hits` (in time order) to the visits still open, by browser: a hit more than 30
    minutes after its browser's last one ends that visit and begins another. With `now`,
    visits idle for over 30 minutes by then end too. `open_visits` is changed in place."""
    changes = VisitChanges()
    for hit in hits:
        if not hit.browser:
            continue
        visit = open_visits.get(hit.browser)
        if visit is not None and hit.at - visit.last_at <= VISIT_GAP:
            if hit.at > visit.last_at:
                visit.last_at = hit.at
            visit.pages += 1
            continue
        if visit is not None:
            changes.ended.append(visit)
        visit = Visit(local_day(hit.at), hit.at, hit.at)
        open_visits[hit.browser] = visit
        changes.started.append((hit.browser, visit, hit.path))
    if now is not None:
        for browser, visit in list(open_visits.items()):
            if now - visit.last_at > VISIT_GAP:
                changes.ended.append(open_visits.pop(browser))
    return changes
