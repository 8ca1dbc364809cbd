"""Following a log whose numbers commit out of order: gaps are remembered while a writer
that could fill them may still run, and forgotten once none can."""
from ieg.search.gaps import Mark, advance, condition, prune_point


def test_numbers_in_order_move_the_position_and_leave_no_gaps():
    mark = advance(Mark(position=3), [4, 5, 6], xmin=100, xmax=101)
    assert mark == Mark(position=6) and mark.safe == 6


def test_a_later_number_committed_first_leaves_a_gap_read_again_later():
    # 9 is still uncommitted when 10 is read: 9's writer began before this snapshot (xmax 105).
    mark = advance(Mark(position=8), [10], xmin=100, xmax=105)
    assert mark.position == 10 and mark.gaps == {9: 105}
    assert mark.safe == 8  # pruning and lag count from before the gap
    # Its writer still runs (the oldest running transaction, 102, is older than 105): kept.
    assert advance(mark, [], xmin=102, xmax=107).gaps == {9: 105}
    # It commits: read again, applied, the gap closes.
    assert advance(mark, [9], xmin=103, xmax=108) == Mark(position=10)


def test_a_gap_no_running_writer_can_fill_was_rolled_back_and_is_forgotten():
    mark = Mark(position=10, gaps={9: 105})
    assert advance(mark, [], xmin=105, xmax=110) == Mark(position=10)


def test_new_gaps_after_old_ones_keep_their_own_snapshot():
    mark = advance(Mark(position=10, gaps={9: 105}), [12, 14], xmin=104, xmax=120)
    assert mark.gaps == {9: 105, 11: 120, 13: 120} and mark.position == 14 and mark.safe == 8


def test_on_sqlite_a_gap_is_a_rollback_at_once():
    # One writer at a time: a number seen means every smaller one committed or rolled back.
    assert advance(Mark(position=1, gaps={}), [2, 5], xmin=None, xmax=None) == Mark(position=5)


def test_too_many_gaps_keep_the_newest():
    mark = advance(Mark(position=0), [10], xmin=1, xmax=2, limit=3)
    assert sorted(mark.gaps) == [7, 8, 9]


def test_the_mark_survives_its_file():
    mark = Mark(position=14, gaps={9: 105, 11: 120})
    assert Mark.from_json(mark.to_json()) == mark


def test_what_health_says():
    assert condition(False, 0, 0, 0) == "building"       # no index yet
    assert condition(True, 40, 50, 3) == "building"      # entries it never read were pruned
    assert condition(True, 50, 50, 3) == "behind"
    assert condition(True, 53, 50, 0) == "ok"


def test_pruning_stops_at_the_slowest_node():
    assert prune_point([40, 75, 60], head=90) == 40
    assert prune_point([], head=90) == 90
