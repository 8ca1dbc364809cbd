"""A long list a page at a time: any page number typed in an address lands on a real page."""
from ieg import paging


def test_the_page_asked_for_within_the_pages_there_are():
    assert (paging.window(120, "2", 50).offset, paging.window(120, "2", 50).last) == (50, 100)
    assert paging.window(120, "3", 50).first == 101 and paging.window(120, "3", 50).last == 120
    for asked in ("", None, "abc", "-1", "0", "1e3", "99999999999999999999"):
        assert paging.window(120, asked, 50).page == 1, asked
    assert paging.window(120, "7", 50).page == 3  # past the last: the last
    empty = paging.window(0, "4", 50)
    assert (empty.page, empty.pages, empty.first, empty.last) == (1, 1, 0, 0)


def test_the_numbers_a_pagination_lists():
    assert paging.numbers(paging.window(50, 1, 50)) == [1]
    assert paging.numbers(paging.window(500, 1, 50)) == [1, 2, None, 10]
    assert paging.numbers(paging.window(500, 4, 50)) == [1, 2, 3, 4, 5, None, 10]
    assert paging.numbers(paging.window(500, 6, 50)) == [1, None, 5, 6, 7, None, 10]
    assert paging.numbers(paging.window(500, 10, 50)) == [1, None, 9, 10]
    assert paging.numbers(paging.window(10 ** 7, 2, 50))[-1] == 200_000  # no list of every page
