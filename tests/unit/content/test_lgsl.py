from pathlib import Path

import pytest

from ieg.content import lgsl
from ieg.content.lgsl import Heading, ListFormatError, Service

LGNL_XML = Path(__file__).resolve().parents[2] / "data" / "lgnl-navigation-england-wales-2013.xml"

TOP_HEADINGS = [
    "About the council", "Business and economy", "Children and families",
    "Community and living", "Council tax and benefits", "Education and learning",
    "Environment and waste", "Health and social care", "Housing", "Jobs and careers",
    "Leisure and culture", "Planning and development", "Transport and streets",
]


@pytest.fixture(scope="module")
def lgnl() -> lgsl.ServiceList:
    return lgsl.parse_file(LGNL_XML)


def message(data: bytes, parser=lgsl.parse) -> str:
    with pytest.raises(ListFormatError) as info:
        parser(data)
    return str(info.value)


# --- the real esd navigation XML ----------------------------------------------


def test_real_file_counts(lgnl):
    assert lgnl.source_format == "esd-xml"
    assert len(lgnl.services) == 829
    assert len(lgnl.headings) == 118
    assert len({h.identifier for h in lgnl.headings}) == 118
    assert [h.label for h in lgnl.headings if h.parent is None] == TOP_HEADINGS


def test_real_file_services_sorted_and_unique(lgnl):
    ids = [s.identifier for s in lgnl.services]
    assert ids == sorted(set(ids))
    # Every service sits under some heading, and only top-level labels are recorded.
    assert all(s.headings and set(s.headings) <= set(TOP_HEADINGS) for s in lgnl.services)


def test_real_file_known_service_has_normalised_label(lgnl):
    service = next(s for s in lgnl.services if s.identifier == 1465)
    assert service == Service(
        1465, "Council expenditure",
        "Publication of details of council expenditure which can be viewed by local residents",
        "http://id.esd.org.uk/service/1465", ("About the council",))


def test_real_file_wrapper_elements_do_not_break_parents(lgnl):
    by_id = {h.identifier: h for h in lgnl.headings}
    # <WebsiteNavigation> wrappers without an Identifier sit between each level.
    assert by_id[2] == Heading(2, "Budgets, spending and performance", 1)
    assert by_id[19] == Heading(19, "Animal licensing", 18)
    assert by_id[18].parent == 11
    # A third-level service still reports its top-level heading.
    taxi = [s for s in lgnl.services if s.label.lower().startswith("taxi")]
    assert taxi and all(s.headings == ("Business and economy",) for s in taxi)


# --- XML shapes ----------------------------------------------------------------


def nav(ident: int, label: str, inner: str = "") -> str:
    return (f"<WebsiteNavigation><Identifier>{ident}</Identifier><Label>{label}</Label>"
            f"{inner}</WebsiteNavigation>")


def svc(ident: object, label: str) -> str:
    return f"<Service><Identifier>{ident}</Identifier><Label>{label}</Label></Service>"


def test_service_under_several_headings_once_with_all_headings():
    doc = "<WebsiteNavigation>" + nav(1, "Housing", nav(2, "Repairs", (
        "<Services>" + svc(7, "Repairs  and\n upkeep") + "</Services>"))) + nav(
        3, "About  the council", "<Services>" + svc(7, "Repairs and upkeep") + svc(5, "Other")
        + "</Services>") + nav(4, "Housing", "<Services>" + svc(7, "x") + "</Services>") + (
        "</WebsiteNavigation>")
    result = lgsl.parse_esd_xml(doc.encode())
    assert [s.identifier for s in result.services] == [5, 7]
    assert result.services[1].label == "Repairs and upkeep"
    assert result.services[1].headings == ("Housing", "About the council")
    assert [(h.identifier, h.label, h.parent) for h in result.headings] == [
        (1, "Housing", None), (2, "Repairs", 1), (3, "About the council", None),
        (4, "Housing", None)]


def test_xml_without_services_rejected():
    assert "no <Service>" in message(b"<WebsiteNavigation>" + nav(1, "A").encode()
                                     + b"</WebsiteNavigation>")


def test_xml_bad_service_identifier_names_the_service():
    text = message(("<W><Services>" + svc("12a", "Bins") + "</Services></W>").encode())
    assert "'Bins'" in text and "'12a'" in text


def test_malformed_xml_reports_position():
    text = message(b"<WebsiteNavigation>\n  <Services>\n  </Service>\n</WebsiteNavigation>")
    assert "malformed XML at line 3, column" in text


@pytest.mark.parametrize("data", [
    b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;">]>'
    b"<lolz>&lol2;</lolz>",
    b'<!doctype x SYSTEM "file:///etc/passwd"><x/>',
    b"<x><!ENTITY a 'b'></x>",
    # UTF-16 hides the declaration from a byte search; the parser hook still refuses it.
    '<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE a [<!ENTITY x "y">]><a>&x;</a>'
    .encode("utf-16"),
])
def test_doctype_and_entity_declarations_rejected(data):
    assert "DOCTYPE" in message(data, lgsl.parse_esd_xml)


def test_unknown_xml_encoding_is_a_format_error():
    assert "encoding" in message(b'<?xml version="1.0" encoding="no-such"?><a/>')


# --- CSV -----------------------------------------------------------------------


def test_csv_bom_crlf_quotes_and_unknown_columns():
    data = ("\ufeffIdentifier,Label,Description,URI,Colour,Type\r\n"
            '12,"Bins, bags  and boxes","Line one\r\nLine two",http://x/12,red,Service\r\n'
            "\r\n"
            "3,Allotments\r\n"
            # A repeat with the same (normalised) label is harmless.
            '12,"Bins, bags and boxes",,,,\r\n').encode("utf-8")
    result = lgsl.parse(data)
    assert result.source_format == "esd-csv"
    assert result.headings == ()
    assert result.services == (
        Service(3, "Allotments"),
        Service(12, "Bins, bags and boxes", "Line one\nLine two", "http://x/12"),
    )


def test_csv_columns_found_by_name_not_position():
    data = b"Type,Label,Identifier\nService,Parking permits,204\n"
    assert lgsl.parse_esd_csv(data).services == (Service(204, "Parking permits"),)


def test_csv_header_only_rejected():
    assert "no services" in message(b"Identifier,Label,Description\r\n")


def test_csv_missing_label_column_rejected():
    assert "Label column" in message(b"Identifier,Name,Description\n1,Bins,\n")


def test_csv_missing_identifier_column_rejected():
    assert "Identifier column" in message(b"Label,Description\nBins,\n", lgsl.parse_esd_csv)


@pytest.mark.parametrize("bad", ["abc", "", "1.0", "+5", "-2", "1_000"])
def test_csv_bad_identifier_names_the_row(bad):
    # Rows count as a spreadsheet shows them, so a quoted line break does not shift them.
    data = f'Identifier,Label\n1,"Bins\nand bags"\n{bad},Parking\n'.encode()
    text = message(data)
    assert "row 3" in text and repr(bad) in text


def test_csv_duplicate_identifier_with_different_label_rejected():
    text = message(b"Identifier,Label\n7,Bins\n8,Parks\n7,Parking\n")
    assert "identifier 7" in text and "row 4" in text and "row 2" in text
    assert "'Bins'" in text and "'Parking'" in text


def test_csv_not_utf8_rejected():
    assert "UTF-8" in message("Identifier,Label\n1,Caf\xe9\n".encode("latin-1"))


# --- sniffing and general errors -----------------------------------------------


@pytest.mark.parametrize("data, expected", [
    (b"<WebsiteNavigation/>", "esd-xml"),
    (b"\xef\xbb\xbf\r\n  <?xml version='1.0'?><a/>", "esd-xml"),
    (b"Identifier,Label\n", "esd-csv"),
    (b'\xef\xbb\xbf"Identifier",Label\r\n', "esd-csv"),
    (b"identifier;label\n", None),
    (b"Label,Identifier\n1,Bins\n", None),
    (b"{\"services\": []}", None),
])
def test_sniff(data, expected):
    if expected is None:
        assert "unrecognised format" in message(data, lgsl.sniff)
    else:
        assert lgsl.sniff(data) == expected


@pytest.mark.parametrize("data", [b"", b"\xef\xbb\xbf", b" \r\n\t"])
@pytest.mark.parametrize("parser", [lgsl.parse, lgsl.parse_esd_xml, lgsl.parse_esd_csv])
def test_empty_input_rejected(data, parser):
    assert message(data, parser) == "the file is empty"


def test_errors_are_value_errors():
    assert issubclass(ListFormatError, ValueError)


def test_parse_file_sniffs(tmp_path):
    path = tmp_path / "lgsl.csv"
    path.write_bytes(b"Identifier,Label\n1,Bins\n")
    assert lgsl.parse_file(path).services == (Service(1, "Bins"),)
