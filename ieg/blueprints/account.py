"""Your account: who you are, what you may do, your password and your signed-in sessions."""
from flask import Blueprint, current_app, flash, redirect, render_template, url_for
from flask_login import current_user

from ieg.extensions import db
from ieg.people import accounts, sessions
from ieg.people.forms import ChangePasswordForm, ConfirmPasswordForm
from ieg.security import current_session_token, require, session_limits
from ieg.timeutil import utcnow

bp = Blueprint("account", __name__, url_prefix="/account")


def _me():
    return current_user._get_current_object()


def _page(form=None, others_form=None):
    grants = sorted(current_user.grants, key=lambda g: (g.section.title, g.role))
    live = sessions.live(db.session, _me(), utcnow(), session_limits(current_app.config))
    here = sessions.token_hash(current_session_token() or "")
    return render_template("account/view.html", form=form or ChangePasswordForm(formdata=None), grants=grants,
                           sessions=live, here=here,
                           others_form=others_form or ConfirmPasswordForm(formdata=None, prefix="others"))


@bp.route("/", methods=["GET", "POST"])
def view():
    require("account.view")
    form = ChangePasswordForm()
    if form.validate_on_submit():
        try:
            accounts.change_own_password(db.session, _me(), form.current_password.data, form.new_password.data,
                                         now=utcnow(), keep_session=current_session_token())
        except accounts.AccountError as error:
            db.session.rollback()
            getattr(form, error.field or "new_password").errors = [str(error)]
        else:
            db.session.commit()
            flash("Your password has been changed. Other sessions have been signed out.", "success")
            return redirect(url_for("account.view"))
    return _page(form=form)


@bp.post("/sessions/end-others")
def end_other_sessions():
    """Sign out everywhere else (a lost laptop, a shared computer), with the password again."""
    require("account.view")
    form = ConfirmPasswordForm(prefix="others")
    if form.validate_on_submit():
        try:
            ended = accounts.end_other_sessions(db.session, _me(), form.password.data, now=utcnow(),
                                                keep_session=current_session_token())
        except accounts.AccountError as error:
            db.session.rollback()
            form.password.errors = [str(error)]
        else:
            db.session.commit()
            flash(f"Signed out of {ended} other session{'' if ended == 1 else 's'}.", "success")
            return redirect(url_for("account.view", _anchor="sessions"))
    return _page(others_form=form), 400
