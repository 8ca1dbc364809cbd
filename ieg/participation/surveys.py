"""A consultation's survey as data editors build without code: pure, no Flask, no database.

A question is a dict: `name` (its key in the answers), `kind` (one of KINDS), `label`, `hint`,
`required`, `options` (for the choice kinds) and `max_length` (for text). The agree/disagree
scale has the five fixed points of SCALE. Answers are a dict of name -> text (several choices:
a list of texts), the same shape stored on each response.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from ieg.input_errors import InputErrors
from ieg.text import clean, single_line

SHORT, LONG, ONE, SEVERAL, SCALE_KIND = "short_text", "long_text", "one_choice", "several_choices", "scale"
KINDS = {
    SHORT: "Short text (one line)",
    LONG: "Long text (a paragraph or more)",
    ONE: "One choice from a list",
    SEVERAL: "Several choices from a list",
    SCALE_KIND: "Agree or disagree (a five-point scale)",
}
CHOICE_KINDS = (ONE, SEVERAL, SCALE_KIND)
SCALE = ("Strongly agree", "Agree", "Neither agree nor disagree", "Disagree", "Strongly disagree")
MAX_LENGTH = {SHORT: 200, LONG: 5000}
MAX_QUESTIONS = 40
MAX_OPTIONS = 20
_NAME = re.compile(r"[^a-z0-9]+")
# Names the response pages use themselves.
_RESERVED = frozenset({"csrf_token", "website", "action", "name", "email", "postcode", "respondent_type",
                       "organisation", "publish", "satisfaction"})


class SurveyError(InputErrors):
    pass


@dataclass(frozen=True)
class QuestionInput:
    kind: str
    label: str
    hint: str = ""
    required: bool = True
    options: str = ""  # one a line


def options_of(question: dict) -> tuple[str, ...]:
    return SCALE if question["kind"] == SCALE_KIND else tuple(question.get("options") or ())


def make_question(data: QuestionInput, others: list[dict], current: dict | None = None) -> dict:
    """The question as stored, or SurveyError naming each field at fault."""
    errors: dict[str, str] = {}
    label = single_line(data.label).strip()
    if not label:
        errors["label"] = "Enter the question"
    elif len(label) > 300:
        errors["label"] = "The question must be 300 characters or fewer"
    if data.kind not in KINDS:
        errors["kind"] = "Choose the type of answer"
    options = [single_line(line).strip() for line in (data.options or "").splitlines()]
    options = list(dict.fromkeys(option for option in options if option))
    if data.kind in (ONE, SEVERAL):
        if len(options) < 2:
            errors["options"] = "Enter at least two options, one on each line"
        elif len(options) > MAX_OPTIONS or any(len(option) > 200 for option in options):
            errors["options"] = f"Enter at most {MAX_OPTIONS} options of 200 characters or fewer"
    if current is None and len(others) >= MAX_QUESTIONS:
        errors["label"] = f"A survey can have at most {MAX_QUESTIONS} questions"
    if errors:
        raise SurveyError(errors)
    if current is not None:
        name = current["name"]
    else:
        taken = {q["name"] for q in others} | _RESERVED
        base = (_NAME.sub("_", label.lower()).strip("_") or "question")[:40]
        name, n = base, 2
        while name in taken:
            name, n = f"{base}_{n}", n + 1
    question = {"name": name, "kind": data.kind, "label": label, "hint": single_line(data.hint).strip()[:500],
                "required": bool(data.required)}
    if data.kind in (ONE, SEVERAL):
        question["options"] = options
    if data.kind in MAX_LENGTH:
        question["max_length"] = MAX_LENGTH[data.kind]
    return question


def collect(questions: list[dict], get_list: Callable[[str], list[str]]) -> tuple[dict, dict[str, str]]:
    """The answers given (`get_list(name)`: every value sent for a field) and, by question name,
    what is wrong with them. Choices must be among the options offered; text is cleaned."""
    answers: dict = {}
    errors: dict[str, str] = {}
    for q in questions:
        values = [v for v in get_list(q["name"]) if v is not None]
        if q["kind"] in CHOICE_KINDS:
            offered = options_of(q)
            chosen = [single_line(v).strip() for v in values if v.strip()]
            if any(v not in offered for v in chosen):
                errors[q["name"]] = f"Choose from the options given for \u201c{q['label']}\u201d"
                continue
            if q["kind"] == SEVERAL:
                answer = [option for option in offered if option in chosen]
            else:
                answer = chosen[0] if chosen else ""
                if len(set(chosen)) > 1:
                    errors[q["name"]] = f"Choose one option for \u201c{q['label']}\u201d"
                    continue
        else:
            raw = values[0] if values else ""
            answer = (single_line(raw) if q["kind"] == SHORT else clean(raw)).strip()
            limit = q.get("max_length") or MAX_LENGTH.get(q["kind"], 5000)
            if len(answer) > limit:
                errors[q["name"]] = f"Your answer to \u201c{q['label']}\u201d must be {limit} characters or fewer"
                continue
        if q.get("required") and not answer:
            errors[q["name"]] = (f"Select an answer for \u201c{q['label']}\u201d" if q["kind"] in CHOICE_KINDS
                                 else f"Enter your answer to \u201c{q['label']}\u201d")
            continue
        if answer:
            answers[q["name"]] = answer
    return answers, errors


def display(answer) -> str:
    """An answer as read back: several choices joined by commas."""
    if isinstance(answer, list):
        return ", ".join(answer)
    return answer or ""


def tally(questions: list[dict], answer_sets) -> dict[str, list[tuple[str, int]]]:
    """For each choice question, every option with how many chose it (in the order offered)."""
    counts = {q["name"]: {option: 0 for option in options_of(q)} for q in questions if q["kind"] in CHOICE_KINDS}
    for answers in answer_sets:
        for name, per_option in counts.items():
            given = answers.get(name)
            for option in (given if isinstance(given, list) else [given] if given else []):
                if option in per_option:
                    per_option[option] += 1
    return {name: list(per_option.items()) for name, per_option in counts.items()}


def page_index(questions: list[dict], raw: str | None) -> int | None:
    """The question page asked for (shown one question per page), or None if there is no such page."""
    if raw is None or not raw.isdigit() or int(raw) >= len(questions):
        return None
    return int(raw)


def page_check(questions: list[dict], page: int, errors: dict[str, str], checking: bool) -> tuple[dict, bool]:
    """A survey shown one question per page: what is wrong with this page's answer, and whether an
    answer carried from another page fails its check, which only a crafted request can do (the
    pages carry answers already checked). Later questions are not answered yet, unless the
    respondent came from check your answers to change this one."""
    name = questions[page]["name"]
    carried = [q["name"] for n, q in enumerate(questions) if (n < page or checking) and n != page]
    return ({name: errors[name]} if name in errors else {}), any(other in errors for other in carried)
