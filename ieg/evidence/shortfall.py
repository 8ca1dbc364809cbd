"""Whether an outcome's live evidence bears out its self-assessment. Pure: no Flask, no database.

A green assessment says the outcome is met. For each outcome IEG delivers itself and measures
(the live evidence in ieg/evidence/live.py), a rule here states what the live figures must show
for that to hold, and why that threshold; `judge` applies it to the figures. The register, the
outcome page, the IEG return and the evidence pack flag a green assessment whose live evidence
falls short of its rule, or cannot show it yet (nothing measured in the period, links never
checked: that is not evidence either way, and never counted as a failure). Amber and red
assessments claim less: their finding is shown, but there is nothing to flag.
"""
from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from ieg.figures import percent, percent_text

SUPPORTS, SHORT, UNPROVEN = "supports", "short", "unproven"
STATE_LABELS = {SUPPORTS: "Live evidence bears it out", SHORT: "Live evidence falls short",
                UNPROVEN: "Not yet shown by live evidence"}
CLAIMS_MET = "green"  # the assessment that says an outcome is met


@dataclass(frozen=True)
class Rule:
    threshold: str  # what the live evidence must show for the outcome to count as met
    why: str        # why that threshold
    judge: Callable[[Mapping], tuple[str, str]]  # figures -> (state, what they show)


@dataclass(frozen=True)
class Finding:
    ref: str
    state: str
    shows: str      # what the live figures show, in words
    threshold: str
    why: str
    rag: str | None  # the assessment it is judged against; None: not assessed

    @property
    def flagged(self) -> bool:
        """A green assessment the live evidence does not bear out."""
        return self.rag == CLAIMS_MET and self.state != SUPPORTS

    @property
    def label(self) -> str:
        return STATE_LABELS[self.state]

    @property
    def verdict(self) -> str:
        """The finding against the assessment, in a few words: what the register flags."""
        if not self.flagged:
            return self.label
        return {SHORT: "Live evidence falls short of the green assessment",
                UNPROVEN: "Live evidence does not show the green assessment yet"}[self.state]

    @property
    def detail(self) -> str:
        """What the figures show and the rule, for a spreadsheet cell."""
        return f"{self.shows} Green needs {self.threshold}"


def _plural(count: int, word: str, plural: str = "") -> str:
    return f"{count:,} {word if count == 1 else plural or word + 's'}"


def _r29(f: Mapping) -> tuple[str, str]:
    decided, in_time = f["decided"], f["in_time"]
    if not decided:
        return UNPROVEN, (f"No email enquiry in the period has been answered or passed its deadline yet "
                          f"({_plural(f['pending'], 'is', 'are')} still inside it).")
    if in_time == decided:
        return SUPPORTS, f"All {_plural(decided, 'decided email enquiry', 'decided email enquiries')} answered in time."
    return SHORT, (f"{percent_text(percent(in_time, decided))} answered within one working day: {in_time:,} of "
                   f"{decided:,} decided, {_plural(decided - in_time, 'breach', 'breaches')}.")


def _r28(f: Mapping) -> tuple[str, str]:
    sent, carried, missing = f["acknowledged"], f["with_reference"], f["received"] - f["acknowledged"]
    unsent = f" ({_plural(missing, 'enquiry', 'enquiries')} not acknowledged: see the R28 report.)" if missing else ""
    if not sent:
        return UNPROVEN, "No acknowledgement was sent in the period." + unsent
    if carried >= sent:
        return SUPPORTS, f"All {_plural(sent, 'acknowledgement')} sent carried the reference." + unsent
    return SHORT, f"{_plural(sent - carried, 'acknowledgement')} of {sent:,} sent without the reference." + unsent




def _r3(f: Mapping) -> tuple[str, str]:
    links, checked, broken = f["deep_links"], f["checked"], f["broken"]
    if not f["entries"]:
        return SHORT, "The A-Z is empty."
    if broken:
        return SHORT, (f"{_plural(broken, 'deep link')} of {checked:,} checked broken at the last check"
                       + (f"; {links - checked:,} not yet checked." if links > checked else "."))
    if not links:
        return SUPPORTS, f"{_plural(f['entries'], 'A-Z entry', 'A-Z entries')}; no deep links to other providers."
    if checked < links:
        working = f"the {checked:,} checked all work" if checked else "none checked yet"
        return UNPROVEN, (f"{links - checked:,} of {_plural(links, 'deep link')} not yet checked (the check-links "
                          f"job runs nightly); {working}.")
    return SUPPORTS, f"{_plural(f['entries'], 'A-Z entry', 'A-Z entries')}; all {_plural(links, 'deep link')} working at their last check."


def _r25(f: Mapping) -> tuple[str, str]:
    if not f["standards"]:
        return SHORT, "No service standards are recorded."
    if not f["decided"]:
        return UNPROVEN, "Standards published, but no email enquiry in the period is decided yet: no performance to show."
    return SUPPORTS, (f"Standards published with performance for the period "
                      f"({_plural(f['decided'], 'decided email enquiry', 'decided email enquiries')}).")


def _r27(f: Mapping) -> tuple[str, str]:
    if not f["enquiries"]:
        return UNPROVEN, "No enquiry was received in the period."
    missing = f["channels_missing"]
    if not missing:
        return SUPPORTS, (f"{_plural(f['enquiries'], 'enquiry', 'enquiries')} on every channel, against "
                          f"{_plural(f['customers'], 'customer record')}.")
    return SHORT, f"No enquiry logged in the period by {', '.join(missing)}."


def _every(things: str, nothing: str, passing: str, failing: str) -> Callable[[Mapping], tuple[str, str]]:
    """Every one of the things must pass: figures "total" and "passing"."""
    def judge(f: Mapping) -> tuple[str, str]:
        total, good = f["total"], f["passing"]
        if not total:
            return UNPROVEN, nothing
        if good == total:
            return SUPPORTS, f"All {total:,} {things} {passing}."
        return SHORT, f"{total - good:,} of {total:,} {things} {failing}."
    return judge


def _in_use(count: str, nothing: str, shows: Callable[[Mapping], str]) -> Callable[[Mapping], tuple[str, str]]:
    """For outcomes whose targets are the council's: measured in the period is all live evidence can show."""
    def judge(f: Mapping) -> tuple[str, str]:
        return (SUPPORTS, shows(f)) if f[count] else (UNPROVEN, nothing)
    return judge


_g25 = _in_use("changes", "No change of address was recorded in the period.", lambda f: (
    f"{_plural(f['changes'], 'change')} of address recorded, updating {_plural(f['updated'], 'record')}."))
_e19 = _in_use("decided", "No enquiry in the period is past its follow-up window yet.", lambda f: (
    f"First-contact resolution measured: {percent_text(percent(f['confirmed'], f['decided']))} of "
    f"{_plural(f['decided'], 'enquiry', 'enquiries')} past their follow-up window."))
_r7 = _in_use("reports", "No environmental problem was reported in the period.", lambda f: (
    f"{_plural(f['reports'], 'report')} of the {_plural(f['services'], 'service')} offered through Open311."))


def _g24(f: Mapping) -> tuple[str, str]:
    if not f["connected"]:
        return SHORT, "No back-office system is connected."
    if f["failed"]:
        return SHORT, f"{_plural(f['failed'], 'event')} could not be delivered to a back office."
    if not f["delivered"]:
        return UNPROVEN, "Nothing was delivered to a back office in the period."
    return SUPPORTS, (f"{_plural(f['delivered'], 'event')} delivered to back offices, "
                      f"{_plural(f['inbound'], 'status update')} received back.")


RULES: dict[str, Rule] = {
    "R29": Rule("every email enquiry decided in the period answered within one working day (100%).",
                "The outcome asks for 100% of email enquiries from the public to be responded to within one working "
                "day. Excluded enquiries (spam, duplicates, sent to us by mistake, automatic replies) are not counted, "
                "and those still inside their deadline are not decided yet.", _r29),
    "R28": Rule("every acknowledgement sent in the period carries the enquiry's reference.",
                "The outcome asks for all email and web-form acknowledgements to include the reference. An enquiry "
                "never acknowledged is a miss of the acknowledgement standard, shown in the R28 report.", _r28),
    "R24": Rule("every section has at least one author or publisher of its own.",
                "Devolved editing means each service creates and changes its own pages without relying on the web "
                "team; a section with no editor of its own can only be changed by administrators.",
                _every("sections", "The site has no sections yet.", "have editors of their own",
                       "have no editor of their own")),
    "R3": Rule("an A-Z of services, with every deep link working at its last check.",
               "A deep link that does not work sends residents nowhere. A link not yet checked proves nothing either "
               "way, so it counts as not yet shown, never as broken.", _r3),
    "R25": Rule("service standards recorded and published at /service-standards, with performance for the period.",
                "The outcome asks for published service standards including past performance; the page shows the "
                "standards in force and R29's figures, so there must be decided enquiries to show.", _r25),
    "R27": Rule("enquiries logged against customer records on every channel (web, email, phone, face to face, "
                "letter) in the period.",
                "The outcome asks for one customer database serving every channel. A channel with no enquiry in the "
                "period suggests its contacts are being kept somewhere else.", _r27),
    "G20": Rule("every published page free of the accessibility errors the content checks find.",
                "Level AA applies to every page. The page templates are tested with axe-core in the test suite; what "
                "editors write is checked here. Warnings are not counted: they need a person's judgement.",
                _every("published pages", "No page is published yet.", "pass",
                       "have accessibility errors (listed with the live evidence)")),
    "G21": Rule("every published page has the mandatory e-GMS elements: title, creator, date and subject.",
                "e-GMS makes these elements mandatory for every resource the council publishes.",
                _every("published pages", "No page is published yet.", "have them",
                       "lack one or more (listed with the live evidence)")),
    "G25": Rule("at least one change of address in the period, told once and applied to the customer's records.",
                "The facility is part of this system; live evidence can show it is used. Whether every record was "
                "found is for the auditor to check, from the list of records each change updated or kept.", _g25),
    "E19": Rule("first-contact resolution measured in the period.",
                "The outcome asks for an agreed baseline and improvement targets. The system measures the rate; the "
                "baseline and targets are the council's, and belong in the commentary or the evidence, which this "
                "check cannot read.", _e19),
    "R7": Rule("environmental problems reported in the period through the services offered online and through "
               "Open311.",
               "The outcome asks for public reporting and tracking of environmental services; every report is an "
               "enquiry the resident can track. Whether the services offered are the right ones is the council's.",
               _r7),
    "G24": Rule("back-office systems connected, every event delivered, none failed for good.",
                "The outcome asks for casework integrated with back-office work through workflow: an event that "
                "never reached the back office is work the back office never saw.", _g24),
    # Computed by ieg.democracy.evidence (added to live.LIVE when the app is built).
    "R5": Rule("every meeting held in the last 12 months had its agenda published five clear working days ahead.",
               "The law requires agendas and reports to be open to the public five clear working days before a "
               "meeting; an agenda published late, or never, is a meeting the public could not prepare for.",
               _every("meetings", "No meeting was held in the last 12 months.", "had their agenda on time",
                      "had their agenda late or not at all (listed with the live evidence)")),
    "R6": Rule("every serving councillor has pages of their own published.",
               "The outcome asks that every councillor has the option of their own pages; a councillor with none "
               "live may have declined, which the council should record in the commentary.",
               _every("councillors", "No councillor is recorded yet.", "have pages of their own",
                      "have no page of their own live")),
}


def _r26(f: Mapping) -> tuple[str, str]:
    met = f["met"]
    return (UNPROVEN if met is None else SUPPORTS if met else SHORT), f["words"]


def _g22(f: Mapping) -> tuple[str, str]:
    if not f["targets"]:
        return UNPROVEN, "No take-up target is set yet."
    if not f["enquiries"]:
        return UNPROVEN, "No enquiries in the period to measure take-up by."
    return SUPPORTS, f"{_plural(f['targets'], 'target')} set; take-up measured over {f['enquiries']:,} enquiries."


def _e18(f: Mapping) -> tuple[str, str]:
    if not f["baselines"] or not f["targets"]:
        return UNPROVEN, "Baselines and targets are not both set yet."
    return SUPPORTS, (f"{_plural(f['baselines'], 'baseline')} and {_plural(f['targets'], 'target')} set; "
                      f"{f['met']} met in the latest month.")


RULES.update({
    "R26": Rule("use rising and sustained: the last 12 complete months' page impressions above the 12 before, and at "
                "least 9 of those months above the same month a year earlier.",
                "The outcome asks for rising and sustained use by industry-standard measures. Comparing each month "
                "with the same month a year before allows for the seasons; 9 of 12 allows for an odd month.",
                _r26),
    "G22": Rule("at least one take-up target set, and take-up measured from enquiries in the period.",
                "The outcome asks for internal targets and measures; whether a target is met is the council's own "
                "business.", _g22),
    "E18": Rule("baselines and take-up targets set for the channels.",
                "The outcome asks for agreed baselines and targets. IEG does not measure the efficiency savings the "
                "outcome also names: the council's own costing shows those.", _e18),
})


def _r15(f: Mapping) -> tuple[str, str]:
    if not f["consultations"]:
        return UNPROVEN, "No consultation has been held yet."
    if not f["concluded"]:
        return UNPROVEN, (f"{_plural(f['consultations'], 'consultation')}, none yet concluded with its "
                          f"\u201cYou said, we did\u201d page published.")
    return SUPPORTS, (f"{_plural(f['concluded'], 'consultation')} concluded with \u201cYou said, we did\u201d "
                      f"published; {_plural(f['published'], 'response')} published by the respondents' consent.")


def _g3(f: Mapping) -> tuple[str, str]:
    if not f["subscribers"]:
        return UNPROVEN, "No one has confirmed an alert subscription yet."
    if not f["emailed"]:
        return UNPROVEN, "No alert email was sent in the period."
    if not f["responses"]:
        return UNPROVEN, "No consultation response was made in the period."
    return SUPPORTS, (f"{_plural(f['subscribers'], 'confirmed subscriber')}, {_plural(f['emailed'], 'alert email')} "
                      f"sent and {_plural(f['responses'], 'consultation response')} in the period.")


def _e3(f: Mapping) -> tuple[str, str]:
    if f["targets"] < f["measures"]:
        return SHORT, (f"Baselines and targets set for {f['targets']} of the {f['measures']} e-participation "
                       f"measures.")
    if not f["consultations"]:
        return UNPROVEN, "Every target is set, but no consultation closed in the period to measure against them."
    if not f["rated"]:
        return UNPROVEN, "No respondent in the period said how satisfied they were."
    return SUPPORTS, (f"Every baseline and target set; measured over {_plural(f['consultations'], 'consultation')} "
                      f"closed in the period, satisfaction from {_plural(f['rated'], 'respondent')}.")


# Computed by ieg.participation.measures (live evidence for the e-participation outcomes).
RULES.update({
    "R15": Rule("at least one consultation concluded with its \u201cYou said, we did\u201d page published, its "
                "responses published by consent.",
                "The outcome asks for public e-consultation including publication of the responses: a consultation "
                "only shows that once it has closed and its outcome is out. Responses whose authors refused "
                "publication are rightly left out, so the count published may be small.", _r15),
    "G3": Rule("confirmed alert subscribers, alert emails sent, and consultation responses, all in the period.",
               "The outcome asks for citizens' participation in consultations and email alerts on the topics they "
               "register for: a facility nobody has confirmed, or that sent nothing, shows no participation.", _g3),
    "E3": Rule("a baseline and a target set for every e-participation measure (responses per consultation, share "
               "online, satisfaction), and actual figures, satisfaction included, for the period.",
               "The outcome asks for agreed baselines and targets including citizen satisfaction. A measure with "
               "no target set falls short; whether a target is met is the council's business, shown beside it.",
               _e3),
})



def _g2(f: Mapping) -> tuple[str, str]:
    total, kept = f["total"], f["passing"]
    if not total:
        return SHORT, "No group is published in the community directory."
    if kept * 100 >= total * G2_KEPT_PERCENT:
        return SUPPORTS, f"{kept:,} of {_plural(total, 'published group')} confirmed or changed their own entry in the last 12 months."
    return SHORT, (f"Only {kept:,} of {_plural(total, 'published group')} confirmed or changed their own entry in the "
                   f"last 12 months (at least {G2_KEPT_PERCENT}% expected).")


# Computed by ieg.directory.evidence (live evidence for the community directory).
G2_KEPT_PERCENT = 80
RULES.update({
    "G2": Rule(f"groups published in the community directory, at least {G2_KEPT_PERCENT}% of them confirmed or "
               "changed by the group itself in the last 12 months.",
               "The outcome asks for local organisations to create and maintain their own information. An entry "
               "nobody from the group has touched for a year is not maintained; groups are reminded at 12 months "
               "and unpublished at 14, so a few will always be between reminder and confirmation.", _g2),
})

def judge(ref: str, figures: Mapping, rag: str | None) -> Finding | None:
    """The finding for an outcome's live figures against its assessment; None when no rule
    covers the outcome (it has no live evidence)."""
    rule = RULES.get(ref)
    if rule is None:
        return None
    state, shows = rule.judge(figures)
    return Finding(ref, state, shows, rule.threshold, rule.why, rag)
