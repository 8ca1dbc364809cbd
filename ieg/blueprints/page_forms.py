"""The page editor's forms."""
from __future__ import annotations

import re

from govuk_frontend_wtf.wtforms_widgets import (GovCheckboxInput, GovSelect, GovSubmitInput, GovTextArea,
                                                GovTextInput)
from wtforms import BooleanField, IntegerField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, NumberRange, Optional, ValidationError

from ieg.blueprints.form_base import DateInputField, Form
from ieg.reference.outcomes import all_outcomes


def split_list(text: str) -> list[str]:
    return [part.strip() for part in re.split(r"[,\s]+", text or "") if part.strip()]


class PageForm(Form):
    title = StringField("Title", widget=GovTextInput(), validators=[InputRequired("Enter a title"), Length(max=200)],
                        description="What residents are looking for, in their words: 'Report a missed bin'.")
    summary = TextAreaField("Summary", widget=GovTextArea(), validators=[Length(max=400)],
                            description="One sentence, shown in search results and lists.")
    body = TextAreaField("Page content", widget=GovTextArea(), validators=[Length(max=100_000)],
                         description="Write in Markdown: see the formatting guide. Start sections with ## headings.")
    parent_id = SelectField("Sits under", widget=GovSelect(), coerce=str, validate_choice=True)
    slug = StringField("Web address", widget=GovTextInput(), validators=[Optional(), Length(max=120)],
                       description="Lower-case letters, numbers and hyphens. Leave blank to make one from the title. "
                                   "If you change it, the old address keeps working.")
    lgsl_codes = StringField("LGSL service codes", widget=GovTextInput(), validators=[Optional(), Length(max=300)],
                             description="The Local Government Services List codes this page serves, "
                                         "separated by commas, like 524, 525. They put the page in the A-Z.")
    az_aliases = TextAreaField("Other names in the A-Z", widget=GovTextArea(), validators=[Length(max=2000)],
                               description="One per line: names residents may look for, like Bins or Rubbish.")
    outcome_refs = StringField("Priority outcomes served", widget=GovTextInput(),
                               validators=[Optional(), Length(max=300)],
                               description="Outcome references separated by commas, like R3, G20.")
    owner_name = StringField("Page owner", widget=GovTextInput(), validators=[
        InputRequired("Enter the name of the person responsible for this page"), Length(max=200)],
        description="The person in the service responsible for keeping this page right.")
    review_by = DateInputField("Review by", validators=[
        InputRequired("Enter the date this page must be reviewed by")],
        description="For example, 27 3 2027. You are reminded before this date.")
    egms_subject_keywords = StringField("Subject keywords (e-GMS)", widget=GovTextInput(),
                                        validators=[Optional(), Length(max=300)],
                                        description="Optional. Added to the LGSL subjects in the page metadata.")
    egms_coverage = StringField("Area covered (e-GMS)", widget=GovTextInput(), validators=[Optional(), Length(max=200)],
                                description="Leave blank for the whole council area.")
    top_task = BooleanField("Show on the home page as one of the most-used tasks", widget=GovCheckboxInput())
    sort_order = IntegerField("Position in lists", widget=GovTextInput(), default=0,
                              validators=[Optional(), NumberRange(-999, 999, "Enter a number from -999 to 999")],
                              description="Lower numbers come first among pages at the same level. Leave 0 to "
                                          "sort by title.")
    note = StringField("What did you change?", widget=GovTextInput(), validators=[Optional(), Length(max=500)],
                       description="Optional. Shown in the page's history.")
    save = SubmitField("Save draft", widget=GovSubmitInput())
    save_submit = SubmitField("Save and submit for review", widget=GovSubmitInput())

    def set_parents(self, pages, current=None) -> None:
        """Offer every page of the section except this one and its sub-pages."""
        excluded = set()
        if current is not None:
            stack = [current]
            while stack:
                page = stack.pop()
                excluded.add(page.id)
                stack.extend(page.children)
        self.parent_id.choices = [SelectChoice("", "Top of the section")] + [
            SelectChoice(str(p.id), " / ".join(p.path_slugs()) + f" ({p.title})") for p in pages
            if p.id not in excluded and p.status != "archived"]

    def validate_outcome_refs(self, field):
        known = {o.ref for o in all_outcomes()}
        unknown = [ref for ref in split_list(field.data.upper()) if ref not in known]
        if unknown:
            raise ValidationError(f"Not a priority outcome: {', '.join(unknown)}. Use references like R3 or G20")

    def validate_lgsl_codes(self, field):
        bad = [code for code in split_list(field.data) if not code.isdecimal()]
        if bad:
            raise ValidationError(f"LGSL codes are numbers: {', '.join(bad)} is not")


class CommentForm(Form):
    comment = TextAreaField("Comment", widget=GovTextArea(), validators=[Optional(), Length(max=2000)])
    submit = SubmitField("Confirm", widget=GovSubmitInput())
