"""The one shape of "this input cannot be accepted": a message for the person who gave it,
saying what to fix, and the form field at fault. Every area's error for refused input
derives from InputError (or InputErrors, for several fields at once), so a view shows any
of them the same way (ieg.blueprints.common.show_on_form, or `.errors` for a dict).

Errors that are not about what someone typed stay outside these bases, on purpose: the
state of a thing forbidding an action (content.pages.WorkflowError: nothing to fix in the
form), a service or file that cannot be used (MailboxError, TnefError, outbox failures,
search's Busy, pending_uploads.Full, fast_intake.PhotoGone), and dates.DateTypingError,
which carries what was wrong (a code), not a message, because each caller words its own.

Pure: no Flask, no database.
"""
from __future__ import annotations


class InputError(ValueError):
    """`message` first, then `field`: the form field at fault (None: the input as a whole).
    `errors` is the same as {field: message}, the shape views render."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field

    @property
    def errors(self) -> dict[str | None, str]:
        return {self.field: self.message}


class InputErrors(InputError):
    """Several fields at fault at once ({field: message}, in the order they are shown); as an
    InputError its message is all of them and its field the first."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("; ".join(errors.values()), next(iter(errors), None))
        self._errors = errors

    @property
    def errors(self) -> dict[str, str]:
        return self._errors
