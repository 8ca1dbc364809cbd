"""Email alerts for residents (/alerts): subscribe to topics with double opt-in, confirm, manage
from a signed link, unsubscribe in one click (RFC 8058: the mail client's POST needs no token).
No account and no cookie."""
import logging

from flask import Blueprint, abort, current_app, render_template, request

from ieg.blueprints.common import show_on_form
from ieg.blueprints.participation_forms import ManageForm, SubscribeForm
from ieg.config import Council
from ieg.extensions import db, limiter
from ieg.participation import signing, subscriptions
from ieg.participation.signing import Links
from ieg.timeutil import utcnow

bp = Blueprint("alerts", __name__, url_prefix="/alerts")
log = logging.getLogger(__name__)
HONEYPOT = "website"


def links() -> Links:
    return Links(current_app.config["BASE_URL"], current_app.config["SECRET_KEY"])


def _subscriber(purpose: str, token: str):
    key = signing.read(current_app.config["SECRET_KEY"], purpose, token)
    return subscriptions.by_key(db.session, key)


def _page(template: str, form, **values):
    return render_template(template, form=form, choices=subscriptions.choices(db.session), honeypot=HONEYPOT,
                           chosen=set(form.topics.data or []), **values)


@bp.route("/", methods=["GET", "POST"])
@limiter.limit("10 per minute; 50 per hour", methods=["POST"])
def subscribe():
    form = SubscribeForm(formdata=request.form if request.method == "POST" else None)
    if request.method == "GET":
        form.topics.data = [t for t in request.args.getlist("topic")][:20]
        return _page("participation/alerts_subscribe.html", form)
    if request.form.get(HONEYPOT):
        log.info("alerts: honeypot filled in; nothing stored")
        abort(400)
    if form.validate():
        council = Council.from_config(current_app.config)
        try:
            subscriptions.subscribe(db.session, utcnow(), email=form.email.data or "",
                                    topics=subscriptions.parse_topics(db.session, form.topics.data or []),
                                    frequency=form.frequency.data, links=links(), council=council.name,
                                    sender_domain=council.mail_domain)
        except subscriptions.SubscriptionError as error:
            db.session.rollback()
            show_on_form(form, error)
        else:
            db.session.commit()
            return render_template("participation/alerts_check_email.html", email=form.email.data.strip())
    return _page("participation/alerts_subscribe.html", form), 400


@bp.route("/confirm/<token>", methods=["GET", "POST"])
def confirm(token: str):
    """A button, not the link alone: mail scanners that open links must not confirm for people."""
    subscriber = _subscriber(signing.CONFIRM, token)
    if subscriber is None:
        return render_template("participation/alerts_gone.html"), 404
    if request.method == "POST":
        subscriptions.confirm(db.session, utcnow(), subscriber)
        db.session.commit()
        return render_template("participation/alerts_confirmed.html",
                               topics=subscriptions.labels(db.session, subscriptions.followed(subscriber)),
                               manage=links().manage(subscriber.key), subscriber=subscriber)
    return render_template("participation/alerts_confirm.html", subscriber=subscriber, token=token,
                           topics=subscriptions.labels(db.session, subscriptions.followed(subscriber)))


@bp.route("/manage/<token>", methods=["GET", "POST"])
@limiter.limit("30 per minute", methods=["POST"])
def manage(token: str):
    subscriber = _subscriber(signing.MANAGE, token)
    if subscriber is None:
        return render_template("participation/alerts_gone.html"), 404
    form = ManageForm(formdata=request.form if request.method == "POST" else None, data={
        "topics": [f"{kind}:{key}" for kind, key in subscriptions.followed(subscriber)],
        "frequency": subscriber.frequency})
    saved = False
    if request.method == "POST" and form.validate():
        try:
            subscriptions.update(db.session, subscriber,
                                 topics=subscriptions.parse_topics(db.session, form.topics.data or []),
                                 frequency=form.frequency.data)
        except subscriptions.SubscriptionError as error:
            db.session.rollback()
            show_on_form(form, error)
        else:
            # Whoever holds the manage link reads their own address: following a link from the
            # email confirms it, as the confirmation link would.
            subscriptions.confirm(db.session, utcnow(), subscriber)
            db.session.commit()
            saved = True
    status = 400 if form.errors else 200
    return _page("participation/alerts_manage.html", form, subscriber=subscriber, saved=saved,
                 unsubscribe=links().unsubscribe(subscriber.key)), status


@bp.route("/unsubscribe/<token>", methods=["GET", "POST"])
def unsubscribe(token: str):
    """GET: a page with one button. POST: done, whether from that button or from a mail
    client's one-click unsubscribe (body "List-Unsubscribe=One-Click", no token)."""
    subscriber = _subscriber(signing.UNSUBSCRIBE, token)
    if request.method == "GET":
        if subscriber is None:
            return render_template("participation/alerts_gone.html"), 404
        return render_template("participation/alerts_unsubscribe.html", subscriber=subscriber, token=token)
    if subscriber is not None:
        subscriptions.unsubscribe(db.session, subscriber)
        db.session.commit()
    return render_template("participation/alerts_unsubscribed.html")


unsubscribe.csrf_exempt = True
