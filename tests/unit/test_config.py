import os
import re
import stat

import pytest

from ieg import config
from tests.conftest import ROOT


def test_postgres_urls_use_psycopg3():
    assert config.database_url("postgres://u:p@h/db") == "postgresql+psycopg://u:p@h/db"
    assert config.database_url("postgresql://u:p@h/db") == "postgresql+psycopg://u:p@h/db"
    assert config.database_url("sqlite:////tmp/x.db") == "sqlite:////tmp/x.db"


def test_defaults_to_sqlite_under_instance(tmp_path):
    cfg = config.load(str(tmp_path), environ={"SECRET_KEY": "x"})
    assert cfg["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{tmp_path / 'ieg.sqlite3'}"
    assert cfg["TIMEZONE"] == "Europe/London"


def test_environment_selects_postgres(tmp_path):
    cfg = config.load(str(tmp_path), environ={"SECRET_KEY": "x", "DATABASE_URL": "postgres://a:b@db/ieg"})
    assert cfg["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://a:b@db/ieg"


def test_secret_key_generated_once_private_and_reused(tmp_path):
    first = config.load(str(tmp_path), environ={})["SECRET_KEY"]
    second = config.load(str(tmp_path), environ={})["SECRET_KEY"]
    assert first == second and len(first) == 64
    mode = stat.S_IMODE(os.stat(tmp_path / "secret_key").st_mode)
    assert mode == 0o600


def test_environment_secret_wins_and_writes_nothing(tmp_path):
    cfg = config.load(str(tmp_path), environ={"SECRET_KEY": "from-env"})
    assert cfg["SECRET_KEY"] == "from-env"
    assert not (tmp_path / "secret_key").exists()


def test_typed_settings_parse(tmp_path):
    cfg = config.load(str(tmp_path), environ={"SECRET_KEY": "x", "IEG_LOGIN_MAX_FAILURES": "3",
                                              "IEG_SECURE_COOKIES": "yes"})
    assert cfg["LOGIN_MAX_FAILURES"] == 3
    assert cfg["SESSION_COOKIE_SECURE"] is True


def test_readme_documents_every_environment_variable():
    readme = (ROOT / "README.md").read_text()
    table = set(re.findall(r"^\| `([A-Z0-9_]+)` \|", readme, re.M))
    assert table == {s.env for s in config.SETTINGS}


def test_production_needs_the_sites_address(tmp_path):
    """Links in email and exports: guessed as http://127.0.0.1:5000 only where nobody else reads them."""
    unset = config.load(str(tmp_path), environ={"SECRET_KEY": "x"})
    assert unset["BASE_URL"] == "http://127.0.0.1:5000"
    problem = config.production_problem(unset)
    assert problem.startswith("IEG_BASE_URL is not set") and "https://www.council.gov.uk" in problem
    assert config.production_problem({**unset, "TESTING": True}) is None
    assert config.production_problem({**unset, "DEBUG": True}) is None
    given = config.load(str(tmp_path), environ={"SECRET_KEY": "x", "IEG_BASE_URL": "https://www.ashdown.gov.uk"})
    assert given["BASE_URL"] == "https://www.ashdown.gov.uk" and config.production_problem(given) is None
    assert config.production_problem(config.load(str(tmp_path), {"BASE_URL": "http://127.0.0.1:5000"},
                                                 environ={"SECRET_KEY": "x"})) is None
    for wrong in ("www.ashdown.gov.uk", "https://", "ftp://files.ashdown.gov.uk", "https://a b.gov.uk"):
        found = config.production_problem({**given, "BASE_URL": wrong})
        assert found and found.startswith(f"IEG_BASE_URL is {wrong!r}"), wrong


def test_rate_limit_storage_takes_redis_urls_as_redis_clients_write_them(tmp_path):
    assert config.ratelimit_storage("memory://") == "memory://"
    assert config.ratelimit_storage("redis://cache.internal:6379/2") == "redis://cache.internal:6379/2"
    assert config.ratelimit_storage("rediss://:pw@cache:6380/0") == "rediss://:pw@cache:6380/0"
    assert config.ratelimit_storage("unix:///run/redis/redis.sock?db=1") == "redis+unix:///run/redis/redis.sock?db=1"
    for wrong in ("memcached://x:11211", "redis.internal:6379", "redis://"):
        with pytest.raises(ValueError, match="IEG_RATELIMIT_STORAGE_URI must be memory:// or a Redis URL"):
            config.ratelimit_storage(wrong)
    loaded = config.load(str(tmp_path), environ={"SECRET_KEY": "x", "IEG_RATELIMIT_STORAGE_URI": "unix:///r.sock"})
    assert loaded["RATELIMIT_STORAGE_URI"] == "redis+unix:///r.sock"
    assert loaded["RATELIMIT_IN_MEMORY_FALLBACK_ENABLED"] is True


def test_an_unknown_file_store_stops_the_app_with_a_message(tmp_path):
    cfg = config.load(str(tmp_path), environ={"SECRET_KEY": "x", "IEG_FILE_STORE": "s3"})
    assert config.production_problem(cfg) == "IEG_FILE_STORE is 's3': set it to database or folder, or leave it unset."
    assert config.production_problem(config.load(str(tmp_path), environ={"SECRET_KEY": "x",
                                                                         "IEG_FILE_STORE": "folder"})) != (
        "IEG_FILE_STORE is 'folder': set it to database or folder, or leave it unset.")
