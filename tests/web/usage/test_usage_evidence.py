"""R26, G22 and E18's live evidence on the outcome pages and in the evidence pack."""
from __future__ import annotations

import io
import json
import zipfile

import pytest

from tests.conftest import sign_in
from tests.factories import PASSWORD, Holder, add_holder
from tests.web.usage.test_usage_pages import add_enquiries, fill_months, month_start, today

AUDITOR = Holder("usage.evidence.auditor", roles=("auditor",))


def test_r26_shows_use_and_the_rule(app, client):
    fill_months(app, 24, lambda back: 300 - back)
    sign_in(client, add_holder(app, AUDITOR), PASSWORD)
    html = client.get("/evidence/outcomes/R26").get_data(as_text=True)
    assert "Website use, rising and sustained" in html and "Page impressions in the period" in html
    assert "12 of 12 months above the same month a year earlier (sustained" in html
    assert "Live evidence bears it out" in html and "usage_days" in html


def test_r26_falling_use_falls_short(app, client):
    fill_months(app, 24, lambda back: 100 + back)  # each month below the same month a year before
    sign_in(client, add_holder(app, AUDITOR), PASSWORD)
    html = client.get("/evidence/outcomes/R26").get_data(as_text=True)
    assert "Live evidence falls short" in html and "not sustained" in html


@pytest.mark.parametrize("ref,words", [("G22", "Targets and measures for take-up"),
                                       ("E18", "Agreed baselines and take-up targets")])
def test_channel_take_up_outcomes(app, client, ref, words):
    add_enquiries(app, f"{month_start(today(app), 1):%Y-%m}", {"web": 3, "phone": 1})
    sign_in(client, add_holder(app, AUDITOR), PASSWORD)
    html = client.get(f"/evidence/outcomes/{ref}").get_data(as_text=True)
    assert words in html and "Not yet shown by live evidence" in html
    assert "/staff/channel-take-up" in html
