"""Your account: who you are, what you may do, change your password."""
from flask import Blueprint, flash, redirect, render_template, url_for
from flask_login import current_user, login_user

from ieg.extensions import db
from ieg.people.forms import ChangePasswordForm
from ieg.security import require

bp = Blueprint("account", __name__, url_prefix="/account")


@bp.route("/", methods=["GET", "POST"])
def view():
    require("account.view")
    form = ChangePasswordForm()
    if form.validate_on_submit():
        if not current_user.check_password(form.current_password.data):
            form.current_password.errors = ["Your current password is incorrect"]
        else:
            current_user.set_password(form.new_password.data)  # also signs out other sessions
            db.session.commit()
            login_user(current_user._get_current_object())  # keep this session, under the new session token
            flash("Your password has been changed. Other sessions have been signed out.", "success")
            return redirect(url_for("account.view"))
    grants = sorted(current_user.grants, key=lambda g: (g.section.title, g.role))
    return render_template("account/view.html", form=form, grants=grants)
