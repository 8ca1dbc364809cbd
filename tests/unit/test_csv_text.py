"""ieg.csv_text: CSV a spreadsheet opens safely, the one writer every export shares."""
from datetime import datetime, timedelta, timezone

from ieg.csv_text import csv_text


def test_a_header_row_then_values_with_formulas_made_inert_and_instants_in_utc():
    columns = [("Note", lambda r: r[0]), ("At", lambda r: r[1]), ("Count", lambda r: r[2])]
    london_summer = timezone(timedelta(hours=1))
    rows = [("=HYPERLINK(\"http://evil.example\")", datetime(2026, 7, 1, 10, 0, tzinfo=london_summer), -3),
            ("Bin, missed\nagain", None, 0)]
    assert csv_text(columns, rows) == ('Note,At,Count\r\n'
                                       '"\'=HYPERLINK(""http://evil.example"")",2026-07-01T09:00:00Z,-3\r\n'
                                       '"Bin, missed\nagain",,0\r\n')
