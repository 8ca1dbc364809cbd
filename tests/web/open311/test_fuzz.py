"""Every Open311 endpoint and parameter fuzzed through the test client (hypothesis): never a
500, and every refusal in the standard's error format, in the format asked for."""
from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from urllib.parse import quote, urlsplit

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from ieg.extensions import db
from tests.open311_support import api_key, offer

FUZZ = settings(max_examples=60, deadline=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
PARAMETERS = ("api_key", "jurisdiction_id", "service_code", "lat", "long", "address_string", "address_id", "email",
              "device_id", "deviceid", "account_id", "first_name", "last_name", "phone", "description", "media_url",
              "service_request_id", "status", "start_date", "end_date", "page", "updated_datetime", "update_id",
              "attribute[offensive]", "attribute[uprn]", "attribute[]", "attribute[offensive][]", "attribute")
# Values near what the parameters expect, and anything at all.
# (No lone surrogates: they cannot be encoded to be sent at all.)
TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=60)
VALUES = st.one_of(
    TEXT, st.sampled_from(["", " ", "graffiti", "51.06", "-0.1", "nan", "inf", "1e400", "yes", "open",
                                           "closed,open", "2026-11-17T10:00:00Z", "2026-02-30", "0", "-1",
                                           "99999999999999999999", "ENQ-7K2M-9QX4-H", "https://x.example/a.jpg",
                                           "javascript:alert(1)", "<a>&amp;</a>", "\x00", "\ufffe", "x" * 5000]),
    st.integers().map(str), st.floats(allow_nan=True, allow_infinity=True).map(repr))
GETS = ("discovery", "services", "services/graffiti", "service/graffiti", "services/{x}", "requests", "requests/{x}",
        "tokens/{x}", "servicerequestupdates", "{x}")
POSTS = ("requests", "servicerequestupdates", "{x}")


@pytest.fixture
def api(app):
    with app.app_context():
        offer(db.session)
        key = api_key(db.session)
        db.session.commit()
    return app.test_client(), key


def check(response, fmt: str) -> None:
    assert response.status_code < 500, response.data[:500]
    if response.status_code in (200, 201):
        return
    if response.status_code == 308:  # "//" in an address: Werkzeug merges the slashes
        assert urlsplit(response.headers["Location"]).path.startswith("/open311/v2/")
        return
    if fmt == "json":
        errors = json.loads(response.data)
        assert errors and all(set(e) == {"code", "description"} and e["code"] == response.status_code for e in errors)
    else:
        tree = ET.fromstring(response.data)
        assert tree.tag == "errors" and tree.findall("error")
        assert all(int(e.findtext("code")) == response.status_code for e in tree.findall("error"))


def _fill(path: str, x: str) -> str:
    return path.replace("{x}", quote(x, safe="") or "x")


@FUZZ
@given(path=st.sampled_from(GETS), fmt=st.sampled_from(["json", "xml"]), x=TEXT,
       params=st.dictionaries(st.sampled_from(PARAMETERS), VALUES, max_size=6))
def test_gets_never_fail(api, path, fmt, x, params):
    client, _ = api
    check(client.get(f"/open311/v2/{_fill(path, x)}.{fmt}", query_string=params), fmt)


@FUZZ
@given(path=st.sampled_from(POSTS), fmt=st.sampled_from(["json", "xml"]), x=TEXT,
       params=st.dictionaries(st.sampled_from(PARAMETERS), VALUES, max_size=10), good_key=st.booleans(),
       in_query=st.booleans())
def test_posts_never_fail(api, path, fmt, x, params, good_key, in_query):
    client, key = api
    if good_key:
        params = {**params, "api_key": key}
    target = f"/open311/v2/{_fill(path, x)}.{fmt}"
    response = client.post(target, query_string=params if in_query else None, data=None if in_query else params)
    check(response, fmt)


@FUZZ
@given(body=st.one_of(st.binary(max_size=200), st.dictionaries(TEXT, VALUES, max_size=5).map(
    lambda d: json.dumps(d).encode())), headers=st.dictionaries(
    st.sampled_from(["X-IEG-Timestamp", "X-IEG-Signature"]), st.text(
        alphabet=st.characters(min_codepoint=32, max_codepoint=126), max_size=80), max_size=2))
def test_backoffice_updates_never_fail(api, body, headers):
    client, _ = api
    response = client.post("/open311/backoffice/1/updates", data=body, headers=headers,
                           content_type="application/json")
    assert response.status_code in (401, 404)
