"""Base form (Flask-WTF, with CSRF checked centrally in ieg/security.py) and shared fields."""
from datetime import date

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovDateInput
from wtforms import DateField, PasswordField, StringField, TextAreaField

from ieg.text import single_line


def _one_line(value):
    return single_line(value) if isinstance(value, str) else value


class Form(FlaskForm):
    class Meta:
        # ieg.security.check_csrf checks every unsafe request before any view runs,
        # including for visitors who have no session; the template macro
        # `form_start` adds the token field.
        csrf = False

        def bind_field(self, form, unbound_field, options):
            """A one-line text field (not a text area or a password) is one line: a line
            break typed into a crafted request would reach titles, names and mail subjects."""
            kind = unbound_field.field_class
            if issubclass(kind, StringField) and not issubclass(kind, (TextAreaField, PasswordField)):
                options["filters"] = (*unbound_field.kwargs.get("filters", ()), _one_line)
            return unbound_field.bind(form=form, **options)


class _DateInput(GovDateInput):
    """GOV.UK date input (day, month, year boxes sharing one name) that also renders
    when the request carried none or some of the boxes."""

    def map_gov_params(self, field, **kwargs):
        if field.raw_data is not None and len(field.raw_data) != 3:
            field.raw_data = (list(field.raw_data) + ["", "", ""])[:3]
        return super().map_gov_params(field, **kwargs)


class DateInputField(DateField):
    """A date typed as day, month and year, with a GOV.UK-style error message."""

    widget = _DateInput()

    def __init__(self, label=None, validators=None, **kwargs):
        super().__init__(label, validators, format="%d %m %Y", **kwargs)

    def process_formdata(self, valuelist):
        parts = [part.strip() for part in valuelist]
        if not any(parts):
            self.data = None
            return
        try:
            day, month, year = (int(p) for p in (parts + ["", "", ""])[:3])
            self.data = date(year, month, day)
        except ValueError:
            self.data = None
            raise ValueError(f"{self.label.text} must be a real date, like 27 3 2027") from None
