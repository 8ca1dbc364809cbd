"""Your account: who you are, what you may do, your password and your signed-in sessions."""
from flask import Blueprint, current_app, flash, redirect, render_template, url_for
from flask_login import current_user

from ieg.extensions import db
from ieg.blueprints.auth import recovery_codes_page, set_up_page
from ieg.blueprints.common import show_on_form
from ieg.people import accounts, sessions, two_factor
from ieg.blueprints.account_forms import (ChangePasswordForm, ConfirmPasswordForm, RecoveryCodesForm, SetUpCodeForm,
                              TurnOffTwoFactorForm)
from ieg.security import current_session_token, require, session_limits
from ieg.timeutil import utcnow

bp = Blueprint("account", __name__, url_prefix="/account")


def _me():
    return current_user._get_current_object()


def _page(form=None, others_form=None, off_form=None, codes_form=None):
    grants = sorted(current_user.grants, key=lambda g: (g.section.title, g.role))
    live = sessions.live(db.session, _me(), utcnow(), session_limits(current_app.config))
    here = sessions.token_hash(current_session_token() or "")
    return render_template(
        "account/view.html", form=form or ChangePasswordForm(formdata=None), grants=grants, sessions=live, here=here,
        others_form=others_form or ConfirmPasswordForm(formdata=None, prefix="others"),
        off_form=off_form or TurnOffTwoFactorForm(formdata=None, prefix="off"),
        codes_form=codes_form or RecoveryCodesForm(formdata=None, prefix="codes"),
        two_factor_required=two_factor.required_for(db.session, _me()),
        recovery_left=two_factor.remaining_recovery_codes(db.session, _me()) if current_user.two_factor else 0)


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
            show_on_form(form, error, "new_password")
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
            show_on_form(form, error, "password")
        else:
            db.session.commit()
            flash(f"Signed out of {ended} other session{'' if ended == 1 else 's'}.", "success")
            return redirect(url_for("account.view", _anchor="sessions"))
    return _page(others_form=form), 400


@bp.route("/two-factor", methods=["GET", "POST"])
def two_factor_set_up():
    """Turn two-factor sign-in on, or move it to a new phone (the old app stops working)."""
    require("account.view")
    form = SetUpCodeForm()
    if form.validate_on_submit():
        try:
            codes = two_factor.enable(db.session, _me(), form.code.data, utcnow(), keep_session=current_session_token())
        except two_factor.TwoFactorError as error:
            db.session.rollback()
            show_on_form(form, error, "code")
            return set_up_page(_me(), form, url_for("account.two_factor_set_up"), 400)
        db.session.commit()
        return recovery_codes_page(codes, url_for("account.view", _anchor="two-factor"))
    return set_up_page(_me(), form, url_for("account.two_factor_set_up"))


@bp.post("/two-factor/off")
def two_factor_off():
    require("account.view")
    form = TurnOffTwoFactorForm(prefix="off")
    if form.validate_on_submit():
        try:
            two_factor.disable(db.session, _me(), actor=_me(), now=utcnow(), password=form.password.data,
                               code=form.code.data, keep_session=current_session_token())
        except two_factor.TwoFactorError as error:
            db.session.rollback()
            show_on_form(form, error, "code")
        else:
            db.session.commit()
            flash("Two-factor sign-in is off. Your other sessions have been signed out.", "success")
            return redirect(url_for("account.view", _anchor="two-factor"))
    return _page(off_form=form), 400


@bp.post("/two-factor/recovery-codes")
def new_recovery_codes():
    require("account.view")
    form = RecoveryCodesForm(prefix="codes")
    if form.validate_on_submit():
        try:
            codes = two_factor.new_recovery_codes(db.session, _me(), form.code.data, utcnow())
        except two_factor.TwoFactorError as error:
            db.session.rollback()
            show_on_form(form, error, "code")
        else:
            db.session.commit()
            return recovery_codes_page(codes, url_for("account.view", _anchor="two-factor"))
    return _page(codes_form=form), 400
