"""Photos on problem reports through HTTP: checked at the first step, kept server-side while
the answers travel in the page, shown on check your answers, changed or removed, stored on
the enquiry when it is sent (once, however often the page is sent), and cleared when never
sent. A renamed file and a forged token are refused. Every test runs on both file stores
(a folder, and the database that several web nodes share)."""
from __future__ import annotations

import hashlib
import io
import os
import re
import struct
import time
import zlib
from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import func, select
from werkzeug.datastructures import MultiDict

from ieg import files_store
from ieg.casework import pending_uploads
from ieg.casework.files import Photo
from ieg.files_store import Listed
from tests.conftest import csrf_from

FORM = "/forms/report-fly-tipping"
MB = 1024 * 1024
ANSWERS = {"location": "Behind the library, Mill Lane", "what": "Three black bags and a mattress",
           "name": "Jo Bloggs", "email": "jo@example.com"}


def png(width: int = 3, height: int = 2) -> bytes:
    """A real (tiny) PNG: signature, header, compressed red pixels, end."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    rows = b"".join(b"\x00" + b"\xcc\x00\x00" * width for _ in range(height))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))


def start(client):
    page = client.get(FORM)
    body = page.get_data(as_text=True)
    return csrf_from(page), re.search(r'name="submission" value="([^"]+)"', body).group(1)


def check_with_photo(client, data: bytes, filename: str = "tip.png", answers=ANSWERS):
    token, key = start(client)
    response = client.post(FORM, data={**answers, "csrf_token": token, "submission": key, "action": "check",
                                       "photo": (io.BytesIO(data), filename)}, content_type="multipart/form-data")
    return response, token, key


def carried_photo(response) -> str:
    return re.search(r'name="photo" value="([^"]+)"', response.get_data(as_text=True)).group(1)


pytestmark = pytest.mark.parametrize("file_store", files_store.BACKENDS)


def pending_files(app) -> list[Listed]:
    with app.app_context():
        return sorted(files_store.current().listing(pending_uploads.FOLDER), key=lambda listed: listed.name)


def stored_bytes(app, name: str) -> bytes:
    with app.app_context():
        return files_store.current().get(name)


def in_store(app, change) -> None:
    """change(store) in the app's store, committed."""
    from ieg.extensions import db
    with app.app_context():
        change(files_store.current())
        db.session.commit()


def written_at(app, name: str, when: float) -> None:
    """Pretend the file was written at `when` (seconds since the epoch)."""
    from ieg.models import StoredFile

    def change(store):
        if isinstance(store, files_store.FolderStore):
            os.utime(store.path(name), (when, when))
        else:
            store.session.get(StoredFile, name).written_at = datetime.fromtimestamp(when, timezone.utc)
    in_store(app, change)


def count(app, model):
    from ieg.extensions import db
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model))


def test_the_form_is_multipart_with_a_govuk_file_upload(client, council):
    body = client.get(FORM).get_data(as_text=True)
    assert 'enctype="multipart/form-data"' in body and 'name="csrf_token"' in body
    assert 'class="govuk-file-upload" id="photo" name="photo" type="file" accept="image/*"' in body
    assert "smaller than 10 MB" in body


def test_a_photo_goes_through_check_your_answers_onto_the_enquiry(app, client, council):
    from ieg.casework import files
    from ieg.extensions import db
    from ieg.models import Enquiry, EnquiryFile

    photo = png()
    check, token, key = check_with_photo(client, photo, "tip.png")
    body = check.get_data(as_text=True)
    assert check.status_code == 200 and "Check your answers before sending" in body
    assert "tip.png (" in body and f"{len(photo)} bytes)" in body
    assert len(pending_files(app)) == 1 and stored_bytes(app, pending_files(app)[0].name) == photo
    carried = carried_photo(check)
    data = {**ANSWERS, "photo": carried, "csrf_token": token, "submission": key, "action": "submit"}
    done = client.post(FORM, data=data)  # check your answers is a plain form: the token, not the file
    text = done.get_data(as_text=True)
    assert done.status_code == 200 and "govuk-panel--confirmation" in text
    reference = re.search(r"<strong>(ENQ-[^<]+)</strong>", text).group(1)
    again = client.post(FORM, data=data)  # a double click sends the same page again
    assert again.status_code == 200 and reference in again.get_data(as_text=True)
    with app.app_context():
        enquiry = db.session.scalar(select(Enquiry))
        stored = db.session.scalar(select(EnquiryFile))
        assert enquiry.reference == reference and stored.enquiry_id == enquiry.id
        assert (stored.filename, stored.content_type, stored.source, stored.size) == (
            "tip.png", "image/png", "form", len(photo))
        kept = files_store.current().get(files.name(stored.stored_name))
        assert kept == photo and stored.sha256 == hashlib.sha256(photo).hexdigest()
        assert enquiry.answers["photo"] == "tip.png"  # the name, never the token
    assert count(app, EnquiryFile) == 1 and count(app, Enquiry) == 1
    assert pending_files(app) == []  # moved onto the enquiry


def test_a_renamed_file_is_refused_and_the_other_answers_kept(app, client, council):
    response, _, _ = check_with_photo(client, b"%PDF-1.7 not a photo at all", "holiday.jpg")
    body = response.get_data(as_text=True)
    assert response.status_code == 400
    assert 'href="#photo">The photo must be a JPG, PNG, GIF, WEBP or HEIC image' in body
    assert 'class="govuk-file-upload govuk-file-upload--error"' in body
    assert "Behind the library, Mill Lane</textarea>" in body and 'value="jo@example.com"' in body
    assert pending_files(app) == []


def test_a_forged_or_altered_token_attaches_nothing(app, client, council):
    from ieg.models import Enquiry, EnquiryFile

    check, token, key = check_with_photo(client, png())
    carried = carried_photo(check)
    # Signed with another key: a real file, but not a token this site made.
    forged = []
    in_store(app, lambda store: forged.append(pending_uploads.keep(
        store, "another-secret", Photo("x.png", "image/png", png()), pending_uploads.Limits("0" * 32, MB, MB))))
    forged = forged[0]
    for bad in (carried[:-2] + ("AA" if not carried.endswith("AA") else "BB"), forged, "../../secret_key"):
        response = client.post(FORM, data={**ANSWERS, "photo": bad, "csrf_token": token, "submission": key,
                                           "action": "submit"})
        body = response.get_data(as_text=True)
        assert response.status_code == 400 and "The photo you chose is no longer available" in body
    assert count(app, Enquiry) == 0 and count(app, EnquiryFile) == 0


def test_changing_answers_keeps_the_photo_and_can_remove_or_replace_it(app, client, council):
    from ieg.extensions import db
    from ieg.models import EnquiryFile

    check, token, key = check_with_photo(client, png(), "first.png")
    carried = carried_photo(check)
    change = client.post(FORM, data={**ANSWERS, "photo": carried, "csrf_token": token, "submission": key,
                                     "action": "change"})
    body = change.get_data(as_text=True)
    assert change.status_code == 200 and "You have chosen <strong>first.png</strong>" in body
    assert 'id="photo-remove" name="photo-remove"' in body and f'value="{carried}"' in body
    # Replace it: the new file wins and the old pending file goes.
    # The page sends both the carried token and the new file under the question's name.
    replaced = client.post(FORM, data=MultiDict([*ANSWERS.items(), ("photo", carried),
                                                 ("photo", (io.BytesIO(png(5, 5)), "second.png")),
                                                 ("csrf_token", token), ("submission", key), ("action", "check")]),
                           content_type="multipart/form-data")
    assert "second.png (" in replaced.get_data(as_text=True) and len(pending_files(app)) == 1
    # Remove it: sent without a photo.
    removed = client.post(FORM, data={**ANSWERS, "photo": carried_photo(replaced), "photo-remove": "yes",
                                      "csrf_token": token, "submission": key, "action": "check"},
                          content_type="multipart/form-data")
    text = removed.get_data(as_text=True)
    assert removed.status_code == 200 and "second.png" not in text and 'name="photo" value=""' in text
    done = client.post(FORM, data={**ANSWERS, "photo": "", "csrf_token": token, "submission": key,
                                   "action": "submit"})
    assert done.status_code == 200
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(EnquiryFile)) == 0


def test_a_photo_cleared_before_sending_is_asked_for_again(app, client, council):
    from ieg.models import Enquiry

    check, token, key = check_with_photo(client, png())
    carried = carried_photo(check)
    for listed in pending_files(app):
        in_store(app, lambda store: store.delete(listed.name))
    response = client.post(FORM, data={**ANSWERS, "photo": carried, "csrf_token": token, "submission": key,
                                       "action": "submit"})
    assert response.status_code == 400 and "The photo you chose is no longer available" in response.get_data(
        as_text=True)
    assert count(app, Enquiry) == 0  # nothing half-written; they can send it again


def test_a_ten_megabyte_photo_is_accepted_and_a_bigger_one_refused(app, client, council):
    big = png() + b"\x00" * (10 * 1024 * 1024 - len(png()) - 1)
    ok, _, _ = check_with_photo(client, big, "big.png")
    assert ok.status_code == 200 and "big.png (10.0 MB)" in ok.get_data(as_text=True)
    too_big, _, _ = check_with_photo(client, big + b"\x00" * 2, "bigger.png")
    assert too_big.status_code == 400 and "The photo must be smaller than 10 MB" in too_big.get_data(as_text=True)


def _error_on_the_photo(response) -> str:
    """The GOV.UK error message against the photo question."""
    found = re.search(r'<p class="govuk-error-message" id="photo-error">.*?</span> (.*?)</p>',
                      response.get_data(as_text=True), re.S)
    return found.group(1).replace("&#39;", "'") if found else ""


def _client_at(app, address: str):
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    return client


def _pending_bytes(app) -> int:
    return sum(listed.size for listed in pending_files(app))


def test_one_client_cannot_fill_the_disk_with_photos_never_sent(app, client, council):
    """Fifteen "check your answers" posts with a 9.5 MB photo each, never sent, as the attack
    was made: the client's room (30 MB by default) takes three, then each is refused, with a
    message against the photo question and every other answer kept."""
    assert app.config["PENDING_UPLOADS_PER_CLIENT_MB"] == 30
    photo = png() + b"\x00" * (9_500_000 - len(png()))
    responses = [check_with_photo(client, photo, f"tip{n}.png")[0] for n in range(15)]
    assert [r.status_code for r in responses] == [200] * 3 + [400] * 12
    refused = responses[-1]
    assert _error_on_the_photo(refused) == pending_uploads.CLIENT_FULL
    assert 'href="#photo"' in refused.get_data(as_text=True)  # the error summary leads to the question
    for answer in ANSWERS.values():
        assert answer in refused.get_data(as_text=True)
    assert len(pending_files(app)) == 3 and _pending_bytes(app) <= 30 * MB
    assert all("127.0.0.1" not in listed.name for listed in pending_files(app))  # a keyed hash, not the address
    # The same page still goes: sent without a photo, it is one enquiry.
    token, key = start(client)
    sent = client.post(FORM, data={**ANSWERS, "csrf_token": token, "submission": key, "action": "submit"})
    assert sent.status_code == 200 and "govuk-panel--confirmation" in sent.get_data(as_text=True)


def test_many_addresses_together_cannot_fill_the_disk_either(app_factory, council):
    """Sixteen addresses, each within its own room, meet the room for everyone."""
    limited = app_factory(PENDING_UPLOADS_MB=2, PENDING_UPLOADS_PER_CLIENT_MB=1)
    photo = png() + b"\x00" * (600_000 - len(png()))
    statuses, messages = [], set()
    for n in range(1, 17):
        response = check_with_photo(_client_at(limited, f"127.0.0.{n}"), photo)[0]
        statuses.append(response.status_code)
        messages.add(_error_on_the_photo(response))
    assert statuses == [200] * 3 + [400] * 13
    assert messages == {"", pending_uploads.ALL_FULL}
    assert _pending_bytes(limited) <= 2 * MB


def test_an_ipv6_slash_64_is_one_client(app_factory, council):
    limited = app_factory(PENDING_UPLOADS_PER_CLIENT_MB=1)
    photo = png() + b"\x00" * (600_000 - len(png()))

    def send(address):
        return check_with_photo(_client_at(limited, address), photo)[0]

    assert send("2001:db8:1:2::10").status_code == 200
    same_home = send("2001:db8:1:2:aaaa:bbbb:cccc:dddd")
    assert same_home.status_code == 400 and _error_on_the_photo(same_home) == pending_uploads.CLIENT_FULL
    assert send("2001:db8:1:3::10").status_code == 200  # the next /64 is someone else


def test_replacing_a_photo_counts_the_one_it_replaces_as_gone(app_factory, council):
    limited = app_factory(PENDING_UPLOADS_PER_CLIENT_MB=1)
    client = limited.test_client()
    photo = png() + b"\x00" * (600_000 - len(png()))
    check, token, key = check_with_photo(client, photo, "first.png")
    changed = client.post(FORM, data=MultiDict([*ANSWERS.items(), ("photo", carried_photo(check)),
                                                ("photo", (io.BytesIO(photo), "second.png")),
                                                ("csrf_token", token), ("submission", key), ("action", "check")]),
                          content_type="multipart/form-data")
    assert changed.status_code == 200 and "second.png" in changed.get_data(as_text=True)
    assert len(pending_files(limited)) == 1


def test_pending_photos_older_than_a_day_are_cleared_by_the_job(app, client, council):
    from ieg.jobs import JOBS
    from ieg.timeutil import utcnow

    check_with_photo(client, png(), "old.png")
    check_with_photo(client, png(), "new.png")
    old, new = pending_files(app)
    now = time.time()  # both set from the clock the job reads, so `pytest --clock` moves both
    day_and_a_bit = now - timedelta(hours=25).total_seconds()
    written_at(app, old.name, day_and_a_bit)
    written_at(app, new.name, now)
    job = JOBS["clear-pending-uploads"]
    assert job.trigger == {"trigger": "interval", "hours": 1}
    with app.app_context():
        assert job.func(utcnow()) == "removed 1 photos chosen on forms but not sent"
        assert job.func(utcnow()) == "removed 0 photos chosen on forms but not sent"
    assert [listed.name for listed in pending_files(app)] == [new.name]


@pytest.mark.parametrize("slug", ["report-fly-tipping", "report-abandoned-vehicle", "report-graffiti",
                                  "bulky-waste-collection"])
def test_every_problem_report_offers_a_photo(client, council, slug):
    body = client.get(f"/forms/{slug}").get_data(as_text=True)
    assert 'enctype="multipart/form-data"' in body and 'type="file"' in body
