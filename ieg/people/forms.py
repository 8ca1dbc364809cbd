"""Sign-in and account forms."""
from govuk_frontend_wtf.wtforms_widgets import GovPasswordInput, GovSubmitInput, GovTextInput
from wtforms import EmailField, PasswordField, SubmitField
from wtforms.validators import EqualTo, InputRequired, Length, ValidationError

from ieg.forms import Form
from ieg.people.accounts import MAX_PASSWORD_LENGTH, password_problem


class LoginForm(Form):
    email = EmailField("Email address", widget=GovTextInput(), validators=[
        InputRequired("Enter your email address"),
        Length(max=254, message="Email address must be 254 characters or fewer")])
    password = PasswordField("Password", widget=GovPasswordInput(), validators=[
        InputRequired("Enter your password"),
        Length(max=MAX_PASSWORD_LENGTH, message=f"Password must be {MAX_PASSWORD_LENGTH} characters or fewer")])
    submit = SubmitField("Sign in", widget=GovSubmitInput())


class ChangePasswordForm(Form):
    current_password = PasswordField("Current password", widget=GovPasswordInput(), validators=[
        InputRequired("Enter your current password"), Length(max=MAX_PASSWORD_LENGTH)])
    new_password = PasswordField("New password", widget=GovPasswordInput(), validators=[
        InputRequired("Enter a new password")],
        description="At least 12 characters. A few unrelated words make a strong password.")
    confirm_password = PasswordField("Confirm new password", widget=GovPasswordInput(), validators=[
        InputRequired("Confirm your new password"),
        EqualTo("new_password", message="The passwords do not match")])
    submit = SubmitField("Change password", widget=GovSubmitInput())

    def validate_new_password(self, field):
        problem = password_problem(field.data or "")
        if problem:
            raise ValidationError(problem)


class ConfirmPasswordForm(Form):
    """Your password again, before something that matters (signing out everywhere else)."""
    password = PasswordField("Your password", widget=GovPasswordInput(), validators=[
        InputRequired("Enter your password"), Length(max=MAX_PASSWORD_LENGTH)])
    submit = SubmitField("Sign out of all other sessions", widget=GovSubmitInput())
