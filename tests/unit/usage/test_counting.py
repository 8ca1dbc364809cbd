"""How a request is counted: the keyed hash, robots, opting out, visits, trends."""
from datetime import date, datetime, timedelta, timezone

import pytest

from ieg.usage import counting, trends
from ieg.usage.counting import Hit, Visit, follow_visits

FIREFOX = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0"
IPHONE = ("Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
          "Version/18.1 Mobile/15E148 Safari/604.1")
IPAD = ("Mozilla/5.0 (iPad; CPU OS 17_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.6 "
        "Mobile/15E148 Safari/604.1")
GOOGLEBOT = "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"
START = datetime(2026, 3, 2, 9, 0, tzinfo=timezone.utc)


def test_the_same_browser_hashes_alike_within_a_salt_and_apart_across_a_rotation():
    march, april = "a" * 64, "b" * 64
    one = counting.browser_hash(march, "192.0.2.10", FIREFOX)
    assert one == counting.browser_hash(march, "192.0.2.10", FIREFOX)
    assert one != counting.browser_hash(april, "192.0.2.10", FIREFOX)  # a new month: a new unique browser
    assert one != counting.browser_hash(march, "192.0.2.11", FIREFOX)  # another address
    assert one != counting.browser_hash(march, "192.0.2.10", IPHONE)   # another browser behind the same address


def test_the_hash_carries_neither_the_address_nor_the_user_agent():
    value = counting.browser_hash("s" * 64, "192.0.2.10", FIREFOX)
    assert len(value) == 32 and "192" not in value and "Firefox" not in value


@pytest.mark.parametrize("user_agent,expected", [
    (FIREFOX, None), (IPHONE, None), (IPAD, None),
    (GOOGLEBOT, counting.LISTED),
    ("Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)", counting.LISTED),
    ("", counting.NOT_A_BROWSER),
    ("curl/8.5.0", counting.LISTED),
    ("python-requests/2.32.3", counting.LISTED),
    ("Werkzeug/3.1.3", counting.NOT_A_BROWSER),
    ("Mozilla/5.0 (X11; Linux x86_64)", counting.NOT_A_BROWSER),  # no rendering engine
    ("SomeCouncilMonitor/1.0", counting.NOT_A_BROWSER),
])
def test_robots_are_caught_by_the_list_then_by_looking_like_a_browser(user_agent, expected):
    assert counting.robot(user_agent) == expected


def test_a_robot_missing_from_the_list_is_still_caught_by_the_second_pass():
    unlisted = "Mozilla/5.0 (compatible; BrandNewSpiderWithNoEngine/0.1)"
    import crawleruseragents
    assert not crawleruseragents.is_crawler(unlisted)
    assert counting.robot(unlisted) == counting.NOT_A_BROWSER


@pytest.mark.parametrize("headers,expected", [
    ({}, False), ({"DNT": "1"}, True), ({"Sec-GPC": "1"}, True), ({"DNT": "0"}, False), ({"Sec-GPC": " 1 "}, True)])
def test_do_not_track_and_global_privacy_control_are_honoured(headers, expected):
    assert counting.opted_out(headers) is expected


@pytest.mark.parametrize("user_agent,kind", [(FIREFOX, "desktop"), (IPHONE, "mobile"), (IPAD, "tablet"),
                                              ("Mozilla/5.0 (Linux; Android 14; SM-X710) AppleWebKit/537.36 "
                                               "(KHTML, like Gecko) Chrome/131.0 Safari/537.36", "tablet"),
                                              ("Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 "
                                               "(KHTML, like Gecko) Chrome/131.0 Mobile Safari/537.36", "mobile")])
def test_device_class(user_agent, kind):
    assert counting.device(user_agent) == kind


@pytest.mark.parametrize("referrer,expected", [
    ("https://www.google.com/search?q=my+name+bin", "google.com"),
    ("https://council.example/bins", ""), ("", ""), ("not a url", ""), ("http://[::1", "")])
def test_only_the_referring_domain_is_kept_and_not_our_own(referrer, expected):
    assert counting.referrer_domain(referrer, "council.example") == expected


def _hit(minutes: float, browser: str = "b1", path: str = "/bins") -> Hit:
    return Hit(START + timedelta(minutes=minutes), path, browser, "", "desktop", "")


def day(at):
    return at.date()


def test_a_visit_ends_after_30_minutes_without_a_page():
    visits: dict = {}
    changes = follow_visits(visits, [_hit(0, path="/"), _hit(10), _hit(40), _hit(70.5, path="/tax")], day, None)
    # 0, 10, 40 (30 minutes after 10: still the same visit), then 70.5 is 30.5 minutes later: a new one
    assert [entry for _b, _v, entry in changes.started] == ["/", "/tax"]
    assert len(changes.ended) == 1 and changes.ended[0].pages == 3 and changes.ended[0].seconds == 40 * 60
    assert visits["b1"].pages == 1


def test_idle_visits_end_at_now_and_browsers_are_followed_apart():
    visits = {"b2": Visit(date(2026, 3, 2), START - timedelta(hours=2), START - timedelta(minutes=31), 4)}
    changes = follow_visits(visits, [_hit(0, "b1"), _hit(1, "b3"), _hit(2, "")], day, START + timedelta(minutes=5))
    assert len(changes.started) == 2  # "" is a browser that opted out: no visit
    assert [v.pages for v in changes.ended] == [4] and set(visits) == {"b1", "b3"}


def test_a_late_hit_within_the_gap_joins_its_visit_without_moving_it_back():
    visits: dict = {}
    follow_visits(visits, [_hit(10)], day, None)
    follow_visits(visits, [_hit(5)], day, None)
    assert visits["b1"].pages == 2 and visits["b1"].last_at == START + timedelta(minutes=10)


def test_rising_and_sustained_needs_24_months():
    assert trends.judge([100] * 23).met is None
    rising = [100 + i for i in range(12)] + [120 + i for i in range(12)]
    assert trends.judge(rising).met is True
    # Up overall, thanks to one huge month, but most months below last year's: not sustained.
    spike = [100] * 12 + [90] * 11 + [500]
    judged = trends.judge(spike)
    assert judged.rising and not judged.sustained and judged.met is False
    assert trends.judge([100] * 24).rising is False


@pytest.mark.parametrize("now,before,trend", [(0, 50, "not visited"), (105, 100, "steady"), (130, 100, "rising"),
                                              (70, 100, "falling"), (5, 1, "steady"), (12, 0, "rising")])
def test_page_trends(now, before, trend):
    assert trends.page_trend(now, before) == trend
