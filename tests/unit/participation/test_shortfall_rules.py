"""The e-participation outcomes' rules (ieg.evidence.shortfall): what the live figures of
ieg.participation.measures must show for a green assessment of R15, G3 and E3 to hold."""
from ieg.evidence import shortfall
from ieg.evidence.shortfall import SHORT, SUPPORTS, UNPROVEN

R15 = {"consultations": 3, "concluded": 1, "published": 212}
G3 = {"subscribers": 340, "emailed": 1200, "raised": 4, "responses": 57}
E3 = {"targets": 3, "measures": 3, "consultations": 2, "rated": 150}


def test_r15_needs_a_consultation_concluded_with_its_outcome_published():
    found = shortfall.judge("R15", R15, "green")
    assert (found.state, found.flagged) == (SUPPORTS, False)
    assert found.shows == ("1 consultation concluded with \u201cYou said, we did\u201d published; 212 responses "
                           "published by the respondents' consent.")
    waiting = shortfall.judge("R15", {**R15, "concluded": 0}, "green")
    assert (waiting.state, waiting.flagged) == (UNPROVEN, True) and "none yet concluded" in waiting.shows
    assert shortfall.judge("R15", {"consultations": 0, "concluded": 0, "published": 0}, "green").state == UNPROVEN
    # Nobody consenting to publication is their right, not a shortfall.
    assert shortfall.judge("R15", {**R15, "published": 0}, "green").state == SUPPORTS


def test_g3_needs_confirmed_subscribers_alerts_sent_and_responses_in_the_period():
    assert shortfall.judge("G3", G3, "green").state == SUPPORTS
    assert shortfall.judge("G3", G3, "green").shows == (
        "340 confirmed subscribers, 1,200 alert emails sent and 57 consultation responses in the period.")
    for missing, words in (("subscribers", "No one has confirmed"), ("emailed", "No alert email"),
                           ("responses", "No consultation response")):
        found = shortfall.judge("G3", {**G3, missing: 0}, "green")
        assert (found.state, found.flagged) == (UNPROVEN, True) and found.shows.startswith(words)
    assert not shortfall.judge("G3", {**G3, "emailed": 0}, "amber").flagged


def test_e3_falls_short_without_every_baseline_and_target_and_needs_satisfaction_measured():
    assert shortfall.judge("E3", E3, "green").state == SUPPORTS
    short = shortfall.judge("E3", {**E3, "targets": 2}, "green")
    assert (short.state, short.flagged) == (SHORT, True)
    assert short.shows == "Baselines and targets set for 2 of the 3 e-participation measures."
    assert "satisfaction" in short.threshold and short.verdict == "Live evidence falls short of the green assessment"
    assert shortfall.judge("E3", {**E3, "consultations": 0}, "green").state == UNPROVEN
    assert shortfall.judge("E3", {**E3, "rated": 0}, "green").state == UNPROVEN
