"""`flask --app app ieg ...`: the operator's commands."""
from __future__ import annotations

import functools
import getpass
import logging
import sys

import click
from flask import current_app
from flask.cli import AppGroup, with_appcontext
from sqlalchemy import func, select

from ieg import files_store
from ieg.extensions import db
from ieg.people.permissions import GLOBAL_ROLES, SECTION_ROLES
from ieg.timeutil import utcnow

ieg_cli = AppGroup("ieg", help="IEG commands: demo data, users, the scheduler and jobs.")


def with_schema(command):
    """`with_appcontext`, and the database checked first: a database never migrated, or behind
    this code's migrations, gets a message saying what to run and exit 1, not a traceback."""
    @functools.wraps(command)
    def checked(*args, **kwargs):
        from ieg.database import schema_problem

        problem = schema_problem(db.session, current_app.extensions["migrate"].directory)
        if problem:
            click.echo(problem, err=True)
            sys.exit(1)
        return command(*args, **kwargs)
    return with_appcontext(checked)


@ieg_cli.command("demo")
@click.option("--if-empty", is_flag=True, help="Only load when the database has no users yet (make run).")
@with_schema
def demo_command(if_empty: bool) -> None:
    """Load the fictional demo council (idempotent)."""
    from ieg import demo
    from ieg.models import User

    if if_empty and db.session.scalar(select(func.count()).select_from(User)):
        click.echo("Database already has users; demo data not loaded.")
        return
    from ieg.config import Council

    created = demo.load(db.session, council=Council.from_config(current_app.config))
    db.session.commit()
    click.echo(f"Demo council ready: {created['sections']} sections and {created['users']} users created, "
               f"{created['pages']} pages, {created['forms']} forms, {created['services']} LGSL services, {created['deep_links']} "
               f"A-Z deep links and {created['enquiries']} enquiries added"
               + (f"; {created['meetings']} meetings in the diary" if created.get("meetings") else "")
               + (f"; {created['news']} news articles" if created.get("news") else "") + ".")


@ieg_cli.command("create-user")
@click.option("--email", required=True)
@click.option("--name", required=True)
@click.option("--role", "roles", multiple=True, type=click.Choice(GLOBAL_ROLES),
              help="A global role; repeat for several.")
@click.option("--grant", "grants", multiple=True, metavar="SECTION:ROLE",
              help=f"A section grant, e.g. waste-and-recycling:author (roles: {', '.join(SECTION_ROLES)}).")
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
@with_schema
def create_user_command(email, name, roles, grants, password_stdin) -> None:
    """Create a user. Prompts for the password unless --password-stdin."""
    from ieg.models import Section
    from ieg.people.accounts import AccountError, create_user

    if password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = getpass.getpass("Password: ")
        if getpass.getpass("Repeat password: ") != password:
            raise click.ClickException("The passwords do not match")
    pairs = []
    for grant in grants:
        slug, _, role = grant.partition(":")
        section = db.session.scalar(select(Section).where(Section.slug == slug))
        if section is None:
            raise click.ClickException(f"No section with the slug {slug!r}")
        pairs.append((section, role))
    try:
        user = create_user(db.session, email=email, name=name, password=password, roles=tuple(roles),
                           grants=tuple(pairs), now=utcnow())  # audited, as done by the system
    except AccountError as exc:
        db.session.rollback()
        raise click.ClickException(str(exc)) from None
    db.session.commit()
    click.echo(f"Created user {user.email} (id {user.id}).")


@ieg_cli.command("run-job")
@click.argument("name")
@with_schema
def run_job_command(name: str) -> None:
    """Run one scheduled job now (under its lock: never while a scheduler runs it)."""
    import os

    from ieg import leadership
    from ieg.jobs import JOBS

    if name not in JOBS:
        raise click.ClickException(f"No job {name!r}; jobs: {', '.join(sorted(JOBS))}")
    cfg = current_app.config
    locks = leadership.locks_for(db.engine, cfg["INSTANCE_PATH"])
    try:
        outcome = leadership.run_locked(locks, db.engine, name, lambda: JOBS[name].func(utcnow()),
                                        node=cfg["NODE_NAME"], pid=os.getpid(), clock=utcnow,
                                        rollback=db.session.rollback)
    finally:
        locks.close()
    if not outcome.ran:
        raise click.ClickException(f"{name} is running elsewhere now; try again when it has finished")
    if outcome.result != "ok":
        raise click.ClickException(f"{name} failed: {outcome.report}")
    click.echo(f"{name}: {outcome.report}")


@ieg_cli.command("scheduler")
@with_schema
def scheduler_command() -> None:
    """Run the scheduled jobs until stopped (a process of its own, never in web workers); with
    several, one per machine, the leader runs them (ieg/leadership.py)."""
    import os
    import signal

    from ieg import leadership
    from ieg.config import production_problem
    from ieg.jobs import idle, scheduled

    cfg = current_app.config
    problem = production_problem(cfg)  # it sends mail: links must reach the real site
    if problem:
        raise click.ClickException(problem)
    try:
        jobs = list(scheduled(cfg).values())
    except ValueError as exc:
        raise click.ClickException(str(exc)) from None
    every_run = cfg["LOG_EVERY_JOB_RUN"]
    logging.basicConfig(level=logging.INFO, format="%(asctime)s scheduler %(levelname)s %(message)s")
    # APScheduler logs two INFO lines for every run ("Running job", "executed successfully"):
    # with the outbox every 30 s they drowned `make run`'s request log. Its warnings stay.
    logging.getLogger("apscheduler").setLevel(logging.INFO if every_run else logging.WARNING)
    logging.getLogger("ieg.scheduler.runs").setLevel(logging.INFO if every_run else logging.WARNING)
    app = current_app._get_current_object()
    log = logging.getLogger("ieg.scheduler")
    locks = leadership.locks_for(db.engine, cfg["INSTANCE_PATH"])
    if isinstance(locks, leadership.FileLocks) and not locks.try_lead():
        raise click.ClickException(f"Another scheduler runs on this database ({cfg['INSTANCE_PATH']}): with SQLite "
                                   "run one only (several machines need PostgreSQL)")
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))  # systemd's stop: resign, let go of the locks

    def on_report(name: str, report: str) -> None:
        log.log(logging.INFO if every_run or not idle(report) else logging.DEBUG, "%s: %s", name, report)

    leadership.serve(jobs, locks=locks, engine=db.engine, node=cfg["NODE_NAME"],
                     pid=os.getpid(), clock=utcnow, heartbeat=cfg["SCHEDULER_HEARTBEAT_SECONDS"],
                     timezone=cfg["TIMEZONE"], context=app.app_context, on_report=on_report,
                     rollback=db.session.rollback)


@ieg_cli.command("import-lgsl")
@click.argument("path", metavar="FILE", type=click.Path())
@with_schema
def import_lgsl_command(path: str) -> None:
    """Add or update LGSL services from an esd navigation XML or services CSV file."""
    from ieg.content import az, lgsl

    try:
        with open(path, "rb") as fh:
            data = fh.read()
    except OSError as exc:
        raise click.ClickException(f"Cannot read {path}: {exc.strerror or exc}") from None
    try:
        service_list = lgsl.parse(data)
    except lgsl.ListFormatError as exc:
        # Parsing finishes before anything is written, so a bad file leaves the list as it was.
        raise click.ClickException(f"{path} is not a usable esd services list: {exc}") from None
    counts = az.import_services(db.session, service_list)
    db.session.commit()
    total = len(service_list.services)
    click.echo(f"Imported {total} LGSL service{'s' if total != 1 else ''} from {service_list.source_format}: "
               f"{counts['added']} added, {counts['updated']} updated, {counts['unchanged']} unchanged.")


@ieg_cli.command("reindex")
@click.option("--if-missing", is_flag=True, help="Only when the index is empty but the site is not (make run).")
@with_schema
def reindex_command(if_missing: bool) -> None:
    """Rebuild the search index from the database."""
    import time

    from ieg.search import indexer
    from ieg.search import web as search_web

    from ieg.search import changelog

    ix = search_web.indexer_for(current_app).ix
    if if_missing and ix.doc_count() and changelog.read_mark(ix.storage.folder) is not None:
        click.echo(f"Search index has {ix.doc_count()} documents; not rebuilt.")
        return
    started = time.monotonic()
    try:
        count = indexer.rebuild(db.session, ix)
    except indexer.Busy as exc:
        raise click.ClickException(f"{exc}; try again when the other process has finished") from None
    click.echo(f"Search index rebuilt: {count} documents in {time.monotonic() - started:.1f} s.")


@ieg_cli.command("search-follow")
@click.option("--once", is_flag=True, help="Catch up once and exit (else keep following until stopped).")
@with_schema
def search_follow_command(once: bool) -> None:
    """Bring this node's search index up to the change log (building it if it is new), for a
    node that takes no web traffic; web processes follow by themselves."""
    import time

    from ieg.search import indexer
    from ieg.search import web as search_web
    from ieg.timeutil import utcnow

    worker = search_web.indexer_for(current_app)
    interval = worker.poll or 0.5
    while True:
        try:
            done = indexer.follow(db.session, worker.ix, node=worker.node, now=utcnow())
        except indexer.Busy as exc:
            raise click.ClickException(f"{exc}; another process of this node is following") from None
        if once or done.rows or done.built is not None:
            state = search_web.node_state(current_app, db.session)
            built = f"built with {done.built} documents; " if done.built is not None else ""
            click.echo(f"{worker.node}: {built}{done.rows} changes applied; position {state.position} of "
                       f"{state.head}, search {state.condition}.")
        if once:
            return
        time.sleep(interval)


@ieg_cli.command("ingest-mail")
@with_appcontext
def ingest_mail_command() -> None:
    """Take in one email from standard input (for an MTA pipe). Prints the reference of the
    enquiry it opened or threaded onto, or why it was ignored. Exit 0 when it was stored or
    ignored; 65 (EX_DATAERR) when it is refused for good (too large, unreadable, or its
    intake failed MAX_ATTEMPTS times), logged in inbound_mail; 75 (EX_TEMPFAIL) when the
    database cannot be reached or the intake failed and will be tried again, so the MTA keeps
    the message. Never a traceback: a fault is logged in one line."""
    from sqlalchemy.exc import OperationalError

    from ieg.casework import inbound, intake
    from ieg.config import Council

    raw = sys.stdin.buffer.read(inbound.MAX_BYTES + 1)
    log = logging.getLogger("ieg.mail")
    try:
        result = intake.deliver(db.session, raw, Council.from_config(current_app.config), utcnow(),
                                files_store.current())
    except OperationalError as exc:
        db.session.rollback()
        log.warning("inbound mail deferred, database unavailable: %s", str(exc).splitlines()[0])
        click.echo("database unavailable; try again later", err=True)
        sys.exit(75)
    except Exception as exc:  # a fault even in recording the failure: the MTA keeps the message
        db.session.rollback()
        intake.fault("inbound mail could not be recorded", exc)
        click.echo("could not be taken in now; try again later", err=True)
        sys.exit(75)
    if result.outcome == "refused":
        click.echo(f"refused: {result.reason}", err=True)
        sys.exit(65)
    if result.outcome == "failed":
        click.echo(f"failed: {result.reason}", err=True)
        sys.exit(75)
    if result.outcome in ("new", "reply", "duplicate") and result.reference:
        click.echo(result.reference)
    else:
        click.echo(f"ignored: {result.reason}")


@ieg_cli.command("poll-mail")
@with_appcontext
def poll_mail_command() -> None:
    """Take in the new messages in the enquiries mailbox (IMAP_URL). Prints a line for each
    (the reference of the enquiry it opened or threaded onto, or what became of it), then the
    counts. Exit 1 when IMAP_URL is unset or the mailbox cannot be opened; 75 (EX_TEMPFAIL) when
    the run stopped early (database or server unavailable): the rest is taken next run."""
    from ieg.casework import mailbox

    if not current_app.config.get("IMAP_URL"):
        raise click.ClickException("IMAP_URL is not set: nothing to poll (see README.md, Configuration)")
    try:
        summary = mailbox.poll_configured(db.session, current_app.config, utcnow())
    except mailbox.MailboxError as exc:
        raise click.ClickException(str(exc)) from None
    for line in summary.lines:
        click.echo(line)
    click.echo(str(summary))
    if summary.stopped:
        sys.exit(75)


@ieg_cli.command("move-files")
@click.option("--to", "to", type=click.Choice(files_store.BACKENDS), required=True,
              help="the store to move uploaded files into")
@with_schema
def move_files_command(to: str) -> None:
    """Move uploaded files into the database or into the folder (IEG_UPLOADS_FOLDER, else the
    instance folder), checking each copy's SHA-256 before its original goes. Safe to run again:
    an interrupted move carries on. Then set IEG_FILE_STORE to the same. Exit 1 if any failed."""
    config = current_app.config
    folder, database = files_store.folder_store(config), files_store.DatabaseStore(db.session)
    source, target = (folder, database) if to == "database" else (database, folder)
    summary = files_store.move(source, target, db.session.commit)
    click.echo(str(summary))
    if files_store.backend(config) != to:
        click.echo(f"The app still uses the {files_store.backend(config)} store: set IEG_FILE_STORE={to}.")
    if summary.failed:
        sys.exit(1)


@ieg_cli.command("verify-audit")
@with_schema
def verify_audit_command() -> None:
    """Check the audit log's hash chain. Exit 0 when intact; otherwise name the first entry
    that was changed, removed or moved, and exit 1."""
    from ieg import audit

    broken = audit.verify(db.session)
    if broken is None:
        from ieg.models import AuditEntry
        count = db.session.scalar(select(func.count()).select_from(AuditEntry))
        head = db.session.scalar(select(AuditEntry.hash).order_by(AuditEntry.id.desc()).limit(1)) or audit.GENESIS
        click.echo(f"audit log intact: {count} entries, head {head}")
        return
    click.echo(f"audit log broken at entry {broken.entry_id}: {broken.problem}", err=True)
    sys.exit(1)


@ieg_cli.command("report-tallies")
@click.option("--rebuild", is_flag=True, help="Make the tallies again from the enquiries (after a bulk load "
              "with triggers off), holding writes to enquiries meanwhile.")
@with_schema
def report_tallies_command(rebuild: bool) -> None:
    """Check the R29 and R28 tallies against a recount of the enquiries (exit 1 if they differ),
    or --rebuild them. The changes the triggers wrote are folded in first."""
    from ieg.evidence import tallies

    if rebuild:
        tallies.rebuild(db.session)
        db.session.commit()
        click.echo("report tallies rebuilt from the enquiries")
        return
    while tallies.fold(db.session) == tallies.FOLD_BATCH:
        db.session.commit()
    db.session.commit()
    problems = tallies.check(db.session)
    for problem in problems:
        click.echo(problem, err=True)
    click.echo(f"report tallies: {len(problems)} differences from the enquiries"
               + ("; run with --rebuild to repair" if problems else ""))
    if problems:
        sys.exit(1)


@ieg_cli.command("export-evidence")
@click.option("--from", "start", default="", help="First day, YYYY-MM-DD (default: 12 months ago, from the 1st).")
@click.option("--to", "end", default="", help="Last day, YYYY-MM-DD (default: today).")
@click.option("--output", "-o", type=click.Path(dir_okay=False, writable=True), default="",
              help="Where to write the ZIP (default: evidence-pack-FROM-to-TO.zip here).")
@click.option("--mask-personal-data", "masked", is_flag=True,
              help="Mask personal data in notes, reasons and audit details, as an auditor without the grant sees it.")
@with_schema
def export_evidence_command(start: str, end: str, output: str, masked: bool) -> None:
    """Write the evidence pack for a period (docs/design.md 3.6) and record the export, with the
    manifest's SHA-256, in the audit log."""
    from flask import url_for
    from zoneinfo import ZoneInfo

    from ieg.evidence import pack, reports

    cfg, now = current_app.config, utcnow()
    try:
        period = reports.parse_period(start or None, end or None, now.astimezone(ZoneInfo(cfg["TIMEZONE"])).date())
    except reports.ReportError as error:
        raise click.UsageError(str(error)) from None
    with current_app.test_request_context(base_url=cfg["BASE_URL"]):
        built = pack.build(db.session, period=period, now=now, zone=cfg["TIMEZONE"], council=cfg["COUNCIL_NAME"],
                           base_url=cfg["BASE_URL"], actor=None, url_for=url_for, files=files_store.current(),
                           masked=masked)
    target = output or f"evidence-pack-{period.start.isoformat()}-to-{period.end.isoformat()}.zip"
    with open(target, "wb") as fh:
        fh.write(built.zip_bytes())
    pack.record_export(db.session, None, built, f"flask ieg export-evidence -> {target}", now)
    db.session.commit()
    click.echo(f"{target}: {len(built.manifest['files'])} files, manifest SHA-256 {pack.manifest_hash(built)}")


@ieg_cli.command("verify-pack")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
def verify_pack_command(file: str) -> None:
    """Check an evidence pack offline: every file against manifest.json, nothing added or
    removed, and the audit-log extract's hash chain. Exit 0 when intact, 1 naming each file
    that is not. Needs no database."""
    import hashlib
    import zipfile

    from ieg.evidence import pack

    with open(file, "rb") as fh:
        data = fh.read()
    manifest, problems = pack.verify(data)
    for problem in problems:
        click.echo(f"FAILED {problem}", err=True)
    if problems:
        sys.exit(1)
    with zipfile.ZipFile(file) as archive:
        manifest_sha = hashlib.sha256(archive.read(pack.MANIFEST)).hexdigest()
    chain = manifest["audit_chain"]
    click.echo(f"pack intact: {len(manifest['files'])} files match manifest.json; "
               f"{manifest['council']}, {manifest['period']['from']} to {manifest['period']['to']}, "
               f"exported {manifest['generated_at_utc']}")
    click.echo(f"audit chain head at export: entry {chain['head_id']} {chain['head_hash']}"
               f" ({'verified' if chain['verified_at_export'] else 'NOT verified'} at export)")
    click.echo(f"manifest SHA-256 {manifest_sha}: compare it with the evidence.export entry in the council's audit log")


@ieg_cli.command("load-postcode-wards")
@click.argument("path", metavar="FILE", type=click.Path())
@with_schema
def load_postcode_wards_command(path: str) -> None:
    """Replace the postcode-to-ward list used by "find your councillor" from a CSV file with a
    header: a postcode column (postcode, pcds or pcd) and a ward code column (ward, ward_code,
    osward, or the ONS directory's wdNNcd). Rows for other councils' wards are skipped."""
    import csv
    import re

    from ieg.democracy import councillors

    try:
        with open(path, newline="", encoding="utf-8-sig") as fh:
            reader = csv.reader(fh)
            header = [h.strip().lower() for h in next(reader, [])]
            postcode = next((header.index(h) for h in ("postcode", "pcds", "pcd") if h in header), None)
            ward = next((i for i, h in enumerate(header)
                         if h in ("ward", "ward_code", "osward") or re.fullmatch(r"wd\d\dcd", h)), None)
            if postcode is None or ward is None:
                raise click.ClickException(f"{path} needs a header naming a postcode column and a ward code column")
            loaded, elsewhere, problems = councillors.load_postcode_wards(
                db.session, ([row[postcode], row[ward]] if len(row) > max(postcode, ward) else row for row in reader))
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise click.ClickException(f"Cannot read {path}: {exc}") from None
    db.session.commit()
    for problem in problems[:20]:
        click.echo(problem, err=True)
    if len(problems) > 20:
        click.echo(f"... and {len(problems) - 20} more rows that could not be used", err=True)
    click.echo(f"Loaded {loaded} postcodes; skipped {elsewhere} in other councils' wards"
               f" and {len(problems)} that could not be used.")
