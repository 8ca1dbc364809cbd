"""Uploading documents and images to a page, and the public downloading them."""
import io
import re

import pytest

from ieg import files_store
from ieg.content.attachments import check_upload, human_size, UploadError
from tests.conftest import add_page, csrf_from, sign_in

PDF = b"%PDF-1.7\n" + b"0" * 2048
PNG = b"\x89PNG\r\n\x1a\n" + b"0" * 100


def upload(client, page_id, filename, data, title="Bin calendar 2027", alt=""):
    token = csrf_from(client.get(f"/edit/pages/{page_id}"))
    return client.post(f"/edit/pages/{page_id}/attachments", follow_redirects=True,
                       data={"csrf_token": token, "file": (io.BytesIO(data), filename), "title": title,
                             "alt_text": alt}, content_type="multipart/form-data")


@pytest.fixture
def author(app, council):
    client = app.test_client()
    sign_in(client, "waste.author@staff.example.gov.uk")
    return client


@pytest.mark.parametrize("file_store", files_store.BACKENDS)
def test_document_uploaded_listed_with_format_and_size_and_served_when_live(app, author):
    page_id = add_page(app, "waste-and-recycling", "Collection calendar")
    body = upload(author, page_id, "calendar.pdf", PDF).get_data(as_text=True)
    assert "Bin calendar 2027 uploaded" in body
    link = re.search(r'/files/[0-9a-f]{32}\.pdf/calendar\.pdf', body).group(0)
    assert app.test_client().get(link).status_code == 404  # the page is not public yet
    assert author.get(link).status_code == 200  # but its editors see it (the preview shows draft images)
    other = app.test_client()
    sign_in(other, "planning.author@staff.example.gov.uk")
    assert other.get(link).status_code == 404
    with app.app_context():
        from ieg.content import pages
        from ieg.extensions import db
        from ieg.models import Page
        from ieg.timeutil import utcnow
        page = db.session.get(Page, page_id)
        pages.publish(db.session, page, None, utcnow())
        db.session.commit()
    public = app.test_client().get("/waste-and-recycling/collection-calendar").get_data(as_text=True)
    assert "Bin calendar 2027</a> <span class=\"govuk-body-s\">(PDF, 2 KB)</span>" in public
    response = app.test_client().get(link)
    assert response.status_code == 200 and response.data == PDF and response.mimetype == "application/pdf"
    assert "sandbox" in response.headers["Content-Security-Policy"]


@pytest.mark.parametrize("filename,data,title,alt,message", [
    ("evil.svg", b"<svg onload=alert(1)>", "x", "", "The file must be one of"),
    ("fake.pdf", b"MZ\x90\x00not a pdf", "x", "", "not a real PDF"),
    ("photo.png", PNG, "Recycling centre", "", "Describe the image"),
    ("calendar.pdf", PDF, " ", "", "Enter a title"),
    ("huge.png", b"\x89PNG\r\n\x1a\n" + b"0" * (5 * 1024 * 1024), "x", "y", "smaller than 5 MB"),
])
def test_bad_uploads_are_refused_with_a_reason(app, author, filename, data, title, alt, message):
    page_id = add_page(app, "waste-and-recycling", "Uploads")
    body = upload(author, page_id, filename, data, title, alt).get_data(as_text=True)
    assert "Not uploaded: " + message in body.replace("&#39;", "'") or message in body


def test_image_with_alt_text_gives_markdown_to_paste(app, author):
    page_id = add_page(app, "waste-and-recycling", "Recycling centre")
    body = upload(author, page_id, "centre.png", PNG, "Centre entrance", "The entrance with height barrier")
    assert re.search(r"!\[The entrance with height barrier\]\(/files/[0-9a-f]{32}\.png/centre\.png\)",
                     body.get_data(as_text=True))


def test_other_sections_editors_cannot_upload(app, council):
    page_id = add_page(app, "planning", "Planning page")
    client = app.test_client()
    sign_in(client, "waste.author@staff.example.gov.uk")
    token = csrf_from(client.get("/edit/"))
    response = client.post(f"/edit/pages/{page_id}/attachments", content_type="multipart/form-data",
                           data={"csrf_token": token, "file": (io.BytesIO(PDF), "x.pdf"), "title": "x"})
    assert response.status_code == 403


def test_remove_attachment(app, author):
    page_id = add_page(app, "waste-and-recycling", "Removable")
    body = upload(author, page_id, "calendar.pdf", PDF).get_data(as_text=True)
    action = re.search(r'action="(/edit/pages/\d+/attachments/\d+/delete)"', body).group(1)
    token = csrf_from(author.get(f"/edit/pages/{page_id}"))
    assert "Bin calendar 2027 removed" in author.post(action, data={"csrf_token": token},
                                                      follow_redirects=True).get_data(as_text=True)


def test_pure_rules():
    assert human_size(500) == "500 bytes" and human_size(2048) == "2 KB" and human_size(3 * 1024 * 1024) == "3.0 MB"
    with pytest.raises(UploadError):
        check_upload("x.exe", b"MZ", "t", "")
    assert check_upload("r.jpg", b"\xff\xd8\xff\xe0", "t", "a").kind == "image"
