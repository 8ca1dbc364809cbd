"""Base form: Flask-WTF form handling with CSRF checked centrally (ieg/security.py)."""
from flask_wtf import FlaskForm


class Form(FlaskForm):
    class Meta:
        # ieg.security.check_csrf checks every unsafe request before any view runs,
        # including for visitors who have no session; the template macro
        # `form_start` adds the token field.
        csrf = False
