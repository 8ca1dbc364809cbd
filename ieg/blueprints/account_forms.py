"""Sign-in and account forms."""
from govuk_frontend_wtf.wtforms_widgets import GovPasswordInput, GovSubmitInput, GovTextInput
from wtforms import EmailField, PasswordField, StringField, SubmitField
from wtforms.validators import EqualTo, InputRequired, Length, ValidationError

from ieg.blueprints.form_base import Form
from ieg.people.accounts import MAX_PASSWORD_LENGTH, password_problem


class LoginForm(Form):
    email = EmailField("Email address", widget=GovTextInput(), validators=[
        InputRequired("Enter your email address"),
        Length(max=254, message="Email address must be 254 characters or fewer")])
    password = PasswordField("Password", widget=GovPasswordInput(), validators=[
        InputRequired("Enter your password"),
        Length(max=MAX_PASSWORD_LENGTH, message=f"Password must be {MAX_PASSWORD_LENGTH} characters or fewer")])
    submit = SubmitField("Sign in", widget=GovSubmitInput())


# Made before NewPasswordForm's fields, so that ChangePasswordForm lists it (and its error) first.
_CURRENT_PASSWORD = PasswordField("Current password", widget=GovPasswordInput(), validators=[
    InputRequired("Enter your current password"), Length(max=MAX_PASSWORD_LENGTH)])


class NewPasswordForm(Form):
    """A new password, twice (setting it through a reset link)."""
    new_password = PasswordField("New password", widget=GovPasswordInput(), validators=[
        InputRequired("Enter a new password")],
        description="At least 12 characters. A few unrelated words make a strong password.")
    confirm_password = PasswordField("Confirm new password", widget=GovPasswordInput(), validators=[
        InputRequired("Confirm your new password"),
        EqualTo("new_password", message="The passwords do not match")])
    submit = SubmitField("Set password", widget=GovSubmitInput())

    def validate_new_password(self, field):
        problem = password_problem(field.data or "")
        if problem:
            raise ValidationError(problem)


class ChangePasswordForm(NewPasswordForm):
    current_password = _CURRENT_PASSWORD
    submit = SubmitField("Change password", widget=GovSubmitInput())


class ForgotPasswordForm(Form):
    email = EmailField("Email address", widget=GovTextInput(), validators=[
        InputRequired("Enter your email address"),
        Length(max=254, message="Email address must be 254 characters or fewer")],
        description="The address you sign in with.")
    submit = SubmitField("Send me a link", widget=GovSubmitInput())


class CodeForm(Form):
    """The second factor: a code from the authenticator app, or a recovery code."""
    code = StringField("Code from your authenticator app", widget=GovTextInput(), validators=[
        InputRequired("Enter the code from your authenticator app"), Length(max=40)],
        description="6 digits. If you have lost your phone, enter one of your recovery codes instead.")
    submit = SubmitField("Continue", widget=GovSubmitInput())


class SetUpCodeForm(Form):
    code = StringField("Code from the app", widget=GovTextInput(), validators=[
        InputRequired("Enter the 6-digit code the app shows"), Length(max=20)],
        description="6 digits, after you have added the account to the app.")
    submit = SubmitField("Turn on two-factor sign-in", widget=GovSubmitInput())


class TurnOffTwoFactorForm(Form):
    password = PasswordField("Your password", widget=GovPasswordInput(), validators=[
        InputRequired("Enter your password"), Length(max=MAX_PASSWORD_LENGTH)])
    code = StringField("Code from your authenticator app", widget=GovTextInput(), validators=[
        InputRequired("Enter the code from your authenticator app"), Length(max=40)],
        description="Or one of your recovery codes.")
    submit = SubmitField("Turn off two-factor sign-in", widget=GovSubmitInput())


class RecoveryCodesForm(Form):
    code = StringField("Code from your authenticator app", widget=GovTextInput(), validators=[
        InputRequired("Enter the code from your authenticator app"), Length(max=20)])
    submit = SubmitField("Make new recovery codes", widget=GovSubmitInput())


class ConfirmPasswordForm(Form):
    """Your password again, before something that matters (signing out everywhere else)."""
    password = PasswordField("Your password", widget=GovPasswordInput(), validators=[
        InputRequired("Enter your password"), Length(max=MAX_PASSWORD_LENGTH)])
    submit = SubmitField("Sign out of all other sessions", widget=GovSubmitInput())
