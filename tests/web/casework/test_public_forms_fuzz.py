"""Property-based fuzzing of every public form through HTTP: whatever is sent (any text,
control characters, missing, repeated or unknown fields, odd actions, files), the answer is a
page, never a 500 or a traceback, and nothing is half-written: every enquiry has its customer,
its "received" event and, with an email address, its acknowledgement; no customer exists
without an enquiry; no stored text holds a control character a person could not have typed."""
from __future__ import annotations

import io
import re

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st
from sqlalchemy import select

from ieg.casework import eform_definitions
from ieg.extensions import db
from ieg.models import Customer, Enquiry, EnquiryEvent, OutboxMessage, PageFeedback
from tests.conftest import add_page, csrf_from

FUZZ = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                        HealthCheck.too_slow])
# Anything a browser or a script can put in a form: surrogates cannot be sent as UTF-8.
TEXT = st.text(st.characters(exclude_categories=("Cs",)), max_size=300)
# Sometimes what a real resident would type, so that the fuzzing reaches "send".
GOOD = {"text": "Mill Lane, by the post box", "textarea": "Black sacks left by the gate.\nSince Monday.",
        "email": "jo@example.com", "phone": "01632 960123", "postcode": "AS1 1AA", "pcn": "AD12345678",
        "date": "2026-11-02"}
CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f\ud800-\udfff]")


JUNK = st.text(st.characters(exclude_categories=("Cs",)) | st.sampled_from("\x00\r\n\x1b\x7f\u2028\t\x85"),
               min_size=1, max_size=8)


def mostly_right(good: list[str]):
    """Half the time an answer a resident would give (so that forms get sent), else that
    answer with junk put in somewhere, anything at all, or nothing."""
    right = st.sampled_from(good)
    spoilt = st.tuples(right, JUNK, st.integers(0, 40)).map(lambda t: t[0][:t[2]] + t[1] + t[0][t[2]:])
    return st.integers(0, 9).flatmap(
        lambda n: right if n < 5 else spoilt if n < 8 else TEXT if n < 9 else st.just(""))


def answer(f: eform_definitions.Field):
    return mostly_right([v for v, _ in f.options] if f.kind == "radios" else [GOOD.get(f.kind, "x")])


def form_data(definition: eform_definitions.FormDefinition):
    fields = {f.name: answer(f) for f in definition.fields if f.kind not in ("photo", "date")}
    dates = {f"{f.name}-{part}": mostly_right([good])
             for f in definition.fields if f.kind == "date" for part, good in (("day", "2"), ("month", "11"),
                                                                               ("year", "2026"))}
    extra = st.dictionaries(TEXT, TEXT, max_size=3)
    return st.tuples(st.fixed_dictionaries({**fields, **dates}), extra,
                     st.sampled_from(["check"] * 5 + ["submit", "change", "", "delete", "submit\x00"]),
                     st.one_of(st.just(""), TEXT), st.booleans())


def _heading(page: str) -> str:
    """The page's h1, to say what went wrong when a status is not the expected one."""
    found = re.search(r"<h1[^>]*>(.*?)</h1>", page, re.S)
    return found.group(1).strip() if found else page[:300]


def photos(definition):
    return [f.name for f in definition.fields if f.kind == "photo"]


def assert_whole(app):
    """Nothing half-written, and no control characters in what was stored."""
    with app.app_context():
        for enquiry in db.session.scalars(select(Enquiry)):
            kinds = {e.kind for e in db.session.scalars(select(EnquiryEvent).where(EnquiryEvent.enquiry_id ==
                                                                                   enquiry.id))}
            assert "received" in kinds, enquiry.reference
            if enquiry.channel == "web" and enquiry.customer.email:
                assert "acknowledged" in kinds, enquiry.reference
            for value in (enquiry.subject, enquiry.description, enquiry.location, enquiry.customer.name,
                          enquiry.customer.email or "", enquiry.customer.address, *map(str, enquiry.answers.values())):
                assert not CONTROLS.search(value.replace("\n", "").replace("\t", "")), repr(value)
        with_enquiry = set(db.session.scalars(select(Enquiry.customer_id)))
        assert set(db.session.scalars(select(Customer.id))) <= with_enquiry
        for message in db.session.scalars(select(OutboxMessage)):
            assert "\n" not in message.subject and not CONTROLS.search(message.subject)


@pytest.mark.parametrize("slug", sorted(eform_definitions.STANDARD_FORMS))
def test_every_public_e_form_survives_anything(app, council, slug):
    client = app.test_client()
    definition = eform_definitions.STANDARD_FORMS[slug]
    page = client.get(f"/forms/{slug}")
    token = csrf_from(page)

    @FUZZ
    @given(form_data(definition), st.data())
    def run(generated, data):
        fields, extra, action, key, with_file = generated
        body = {**extra, **fields, "action": action, "submission": key, "csrf_token": token}
        for name in photos(definition):
            if with_file:
                content = data.draw(st.sampled_from([b"\xff\xd8\xff\xe0" + b"\x00" * 64, b"GIF89a", b"", b"%PDF-1.4"]))
                body[name] = (io.BytesIO(content), data.draw(TEXT.filter(lambda s: "\x00" not in s)) or "p.jpg")
        response = client.post(f"/forms/{slug}", data=body, content_type="multipart/form-data")
        text = response.get_data(as_text=True)
        assert response.status_code in (200, 400), (response.status_code, _heading(text))
        assert "Traceback" not in text and 'class="ieg-header"' in text
        if action == "check" and response.status_code == 200:  # check your answers: now send it
            # What the check page carries back (a photo travels as its token, not the file).
            carried = {k: v for k, v in body.items() if k not in photos(definition)}
            sent = client.post(f"/forms/{slug}", data={**carried, "action": "submit"},
                               content_type="multipart/form-data")
            assert sent.status_code in (200, 400), (sent.status_code, _heading(sent.get_data(as_text=True)))
        assert_whole(app)
    run()


def test_tracking_sign_in_reset_and_feedback_forms_survive_anything(app, council):
    client = app.test_client()
    page_id = add_page(app, "waste-and-recycling", "Bin days", state="published")
    token = csrf_from(client.get("/login"))

    @FUZZ
    @given(st.sampled_from(["/track", "/login", "/forgot-password", "/reset-password/x", f"/feedback/{page_id}",
                            "/login/two-factor"]),
           st.dictionaries(st.sampled_from(["reference", "email", "password", "useful", "what_wrong", "code",
                                            "new_password", "confirm_password"]) | TEXT,
                           st.one_of(TEXT, st.sampled_from(["yes", "no", "ENQ-7K2M-9QX4-H", "jo@example.com"])),
                           max_size=6))
    def run(path, fields):
        response = client.post(path, data={**fields, "csrf_token": token})
        assert response.status_code in (200, 302, 400, 404, 429), (path, response.status_code)
        assert "Traceback" not in response.get_data(as_text=True)
        with app.app_context():
            for row in db.session.scalars(select(PageFeedback)):
                assert not CONTROLS.search(row.what_wrong.replace("\n", "").replace("\t", ""))
    run()
