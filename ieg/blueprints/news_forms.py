"""Forms for the communications team: an article's news details and the news categories."""
from govuk_frontend_wtf.wtforms_widgets import GovSelect, GovSubmitInput, GovTextInput
from wtforms import SelectField, StringField, SubmitField
from wtforms.validators import InputRequired, Length

from ieg.blueprints.form_base import Form


class DetailsForm(Form):
    category_id = SelectField("Category", widget=GovSelect(), choices=[],
                              description="Subscribers to this category get an alert when the article is first published.")
    press_contact = StringField("Press office contact", widget=GovTextInput(), validators=[Length(max=300)],
                                description="Shown at the end of the article, like: Press office, 01632 960200, "
                                            "press@ashdown.example.gov.uk")
    image_id = SelectField("Image", widget=GovSelect(), choices=[],
                           description="Add an image to the article's files (with its description) in the page "
                                       "editor, then choose it here.")
    submit = SubmitField("Save news details", widget=GovSubmitInput())


class CategoryForm(Form):
    name = StringField("Category name", widget=GovTextInput(),
                       validators=[InputRequired("Enter the category's name"), Length(max=120)])
    submit = SubmitField("Add category", widget=GovSubmitInput())
