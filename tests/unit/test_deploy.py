"""deploy/: the units run what the multi-machine tests run, with settings IEG knows, and the nginx
site agrees with them (tests/web/test_multi_machine.py starts the processes through the same units)."""
from __future__ import annotations

import re

from gunicorn.config import Config

from ieg.config import SETTINGS
from tests import cluster

UNIT_VARIABLES = {"IEG_WEB_BIND", "IEG_WEB_WORKERS"}  # read by ieg-web.service, not by IEG
EXAMPLE = cluster.read_env_file(cluster.DEPLOY / "ieg.env.example")
TEST_ENV = {"IEG_WEB_BIND": "127.0.0.1:8123", "IEG_WEB_WORKERS": "3"}


def test_the_web_unit_runs_gunicorn_with_iegs_worker_as_the_tests_do():
    argv = cluster.unit_command("ieg-web.service", TEST_ENV)
    assert argv[0] == str(cluster.VENV_BIN / "gunicorn")
    options = Config().parser().parse_args(argv[1:])  # gunicorn's own parser: every option is real
    assert options.worker_class == "ieg.gunicorn_worker.SyncWorker"
    assert options.bind == ["127.0.0.1:8123"] and options.workers == 3 and options.args == ["app:app"]
    # The load client waits out a staff action before looking whether it went (tests/cluster.py).
    assert options.timeout < cluster.UNREPEATABLE_WAIT
    unit = cluster.read_unit("ieg-web.service")["Service"]
    assert unit["WorkingDirectory"] == cluster.INSTALLED_AT and unit["EnvironmentFile"] == "/etc/ieg/ieg.env"
    assert unit["ExecReload"] == "/bin/kill -s HUP $MAINPID"  # gunicorn's graceful reload: rolling restarts


def test_the_scheduler_unit_runs_the_scheduler_command():
    argv = cluster.unit_command("ieg-scheduler.service", TEST_ENV)
    assert argv == [str(cluster.VENV_BIN / "flask"), "--app", "app", "ieg", "scheduler"]
    from ieg.cli import ieg_cli
    assert "scheduler" in ieg_cli.commands
    unit = cluster.read_unit("ieg-scheduler.service")["Service"]
    assert unit["EnvironmentFile"] == "/etc/ieg/ieg.env" and unit["Restart"] == "always"


def test_every_variable_the_units_and_the_example_name_is_known():
    known = {s.env for s in SETTINGS} | UNIT_VARIABLES
    assert set(EXAMPLE) <= known, set(EXAMPLE) - known
    for name in ("ieg-web.service", "ieg-scheduler.service"):
        used = set(re.findall(r"\$\{(\w+)\}", cluster.read_unit(name)["Service"]["ExecStart"]))
        assert used <= set(EXAMPLE), used - set(EXAMPLE)
    # What several machines cannot do without, each set in the example.
    assert {"DATABASE_URL", "SECRET_KEY", "IEG_BASE_URL", "IEG_RATELIMIT_STORAGE_URI", "IEG_TRUSTED_PROXIES",
            "IEG_INSTANCE_PATH"} <= set(EXAMPLE)
    assert EXAMPLE["IEG_RATELIMIT_STORAGE_URI"].startswith("redis://") and EXAMPLE["IEG_TRUSTED_PROXIES"] == "1"


def test_the_example_holds_no_secret():
    for key in ("DATABASE_URL", "SECRET_KEY", "SMTP_URL", "IEG_METRICS_TOKEN"):
        assert "<" in EXAMPLE[key], f"{key} must be a placeholder"


def test_nginx_passes_requests_to_the_units_address_as_iegs_one_trusted_proxy():
    site = (cluster.DEPLOY / "nginx" / "ieg.conf").read_text()
    assert f"server {EXAMPLE['IEG_WEB_BIND']} " in site
    for header in ("X-Forwarded-For", "X-Forwarded-Proto", "X-Forwarded-Host", "X-Forwarded-Port"):
        assert f"proxy_set_header {header} " in site  # what ProxyFix reads with IEG_TRUSTED_PROXIES=1
    # Larger than IEG's own limit (25 MB), so IEG answers an oversized upload with its own page.
    assert int(re.search(r"client_max_body_size (\d+)m;", site).group(1)) > 25
    assert "alias /srv/ieg/ieg/static/;" in site and "location = /healthz" in site


def test_the_backup_timer_runs_the_backup_script():
    service = cluster.read_unit("ieg-backup.service")["Service"]
    assert service["ExecStart"] == "/usr/local/bin/ieg-backup" and service["Type"] == "oneshot"
    assert cluster.read_unit("ieg-backup.timer")["Timer"]["Persistent"] == "true"


def test_the_web_units_gunicorn_settings_hide_what_a_worker_loaded_from_the_collector():
    import gc

    from gunicorn.app.base import Application

    argv = cluster.unit_command("ieg-web.service", TEST_ENV)
    options = Config().parser().parse_args(argv[1:])
    assert options.config == "python:ieg.gunicorn_conf"
    settings = Application.get_config_from_module_name(None, "ieg.gunicorn_conf")
    config = Config()
    for name, value in settings.items():
        if name in config.settings:
            config.set(name, value)
    assert config.worker_class_str == "ieg.gunicorn_worker.SyncWorker"
    assert gc.get_freeze_count() == 0
    try:
        config.post_worker_init(None)  # as gunicorn calls it, once the worker has loaded the app
        assert gc.get_freeze_count() > 0  # a full collection no longer walks the app's objects
    finally:
        gc.unfreeze()
