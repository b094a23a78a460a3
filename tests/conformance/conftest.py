"""Fixtures that run a real `trent serve` and talk to it with real AWS clients.

Every server gets a fresh data directory and a free loopback port, is waited
for on `GET /health` (bounded), and is always stopped by its PID in teardown
(SIGTERM, then SIGKILL after a timeout).  The server's stdout/stderr go to
files *outside* the data directory, so the plaintext scans in
test_durability.py only see what the server itself persisted.

Binary: $TRENT_BIN, else <repo>/.build/debug/trent.

Store: $TRENT_TEST_STORE, `sqlite` (default: Trent's own SQLite file in the data
directory) or `postgresql`: every server then gets a fresh database, created on
the PostgreSQL server of $TRENT_TEST_POSTGRES_URL (scripts/postgres-test-server
starts one) and given to `trent serve --store`; it stays the server's across
restarts and is dropped when the server's factory closes (at the latest at
session end; kept with TRENT_KEEP_TMP=1). The data directory still holds the
root key, credentials file and audit log.
"""

from __future__ import annotations

import configparser
import contextlib
import os
import secrets
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import boto3
import botocore.config
import pytest

REPO = Path(__file__).resolve().parents[2]
DEFAULT_ACCOUNT = "111122223333"
PRIMARY_REGION = "us-east-1"
SECOND_REGION = "eu-west-1"
START_TIMEOUT = float(os.environ.get("TRENT_START_TIMEOUT", "30"))
STOP_TIMEOUT = 10.0


TEST_STORE = os.environ.get("TRENT_TEST_STORE") or "sqlite"


def store_is_postgresql() -> bool:
    return TEST_STORE == "postgresql"


# For tests that look at the SQLite file itself (its -wal file, its presence in the data
# directory): on PostgreSQL the data is not there.
requires_sqlite = pytest.mark.skipif(
    store_is_postgresql(), reason="inspects the SQLite file in the data directory; TRENT_TEST_STORE=postgresql keeps the data in PostgreSQL"
)


def pytest_configure(config):
    if TEST_STORE not in ("sqlite", "postgresql"):
        raise pytest.UsageError(f"TRENT_TEST_STORE must be sqlite or postgresql, not {TEST_STORE!r}")
    if store_is_postgresql():
        if not os.environ.get("TRENT_TEST_POSTGRES_URL"):
            raise pytest.UsageError(
                "TRENT_TEST_STORE=postgresql needs TRENT_TEST_POSTGRES_URL "
                "(start a server with: scripts/postgres-test-server start DIR)"
            )
        for tool in ("psql", "pg_dump"):
            if shutil.which(tool) is None:
                raise pytest.UsageError(f"TRENT_TEST_STORE=postgresql needs {tool} (apt-get install -y postgresql-client)")
        # Fail once, clearly, rather than in every test's fixture.
        POSTGRES.check()


def pytest_sessionfinish(session, exitstatus):
    if store_is_postgresql() and os.environ.get("TRENT_KEEP_TMP") != "1":
        POSTGRES.drop_all()


class PostgresDatabases:
    """The databases of one test session on the server of $TRENT_TEST_POSTGRES_URL, one per
    data directory, so a server keeps its data across restarts as it would in SQLite."""

    def __init__(self):
        self.by_data_dir: dict[Path, str] = {}
        self.count = 0

    @property
    def admin_url(self) -> str:
        return os.environ["TRENT_TEST_POSTGRES_URL"]

    def url(self, database: str) -> str:
        parts = urllib.parse.urlsplit(self.admin_url)
        return urllib.parse.urlunsplit(parts._replace(path="/" + database))

    def psql(self, sql: str, check: bool = True) -> subprocess.CompletedProcess:
        r = subprocess.run(
            ["psql", self.admin_url, "-X", "-q", "-v", "ON_ERROR_STOP=1", "-c", sql],
            capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL, env=clean_env(),
        )
        if check and r.returncode != 0:
            raise AssertionError(f"psql {self.admin_url} -c {sql!r} failed: {r.stderr.strip()}")
        return r

    def check(self) -> None:
        r = self.psql("select 1", check=False)
        if r.returncode != 0:
            raise pytest.UsageError(f"cannot reach TRENT_TEST_POSTGRES_URL {self.admin_url}: {r.stderr.strip()}")

    def for_data_dir(self, data_dir: Path) -> str:
        """The database of this data directory, created on first use."""
        key = Path(data_dir).resolve()
        if key not in self.by_data_dir:
            self.count += 1
            name = f"trent_{self.count}_{secrets.token_hex(4)}"
            self.psql(f'CREATE DATABASE "{name}"')
            self.by_data_dir[key] = name
        return self.by_data_dir[key]

    def dump(self, database: str, path: Path) -> Path:
        path.parent.mkdir(parents=True, exist_ok=True)
        r = subprocess.run(
            ["pg_dump", "--no-owner", "--file", str(path), self.url(database)],
            capture_output=True, text=True, timeout=120, stdin=subprocess.DEVNULL, env=clean_env(),
        )
        if r.returncode != 0:
            raise AssertionError(f"pg_dump of {database} failed: {r.stderr.strip()}")
        return path

    def drop(self, data_dir: Path) -> None:
        name = self.by_data_dir.pop(Path(data_dir).resolve(), None)
        if name is not None:
            # FORCE: a server killed with SIGKILL may leave a backend behind for a moment.
            with contextlib.suppress(Exception):
                self.psql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)', check=False)

    def drop_all(self) -> None:
        for data_dir in list(self.by_data_dir):
            self.drop(data_dir)


POSTGRES = PostgresDatabases()


def trent_bin() -> Path:
    return Path(os.environ.get("TRENT_BIN") or REPO / ".build" / "debug" / "trent")


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def clean_env(extra: dict | None = None) -> dict:
    """The test process's environment without anything that could steer Trent
    or an AWS client by accident (the developer's own credentials, endpoints,
    profiles, Trent bootstrap settings)."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not (k.startswith("AWS_") or k.startswith("TRENT_") or k.startswith("BOTO"))
    }
    env.pop("TRENT_BIN", None)
    if extra:
        env.update(extra)
    return env


class ServerFailed(RuntimeError):
    pass


class Trent:
    """One `trent serve` process plus helpers to talk to it."""

    def __init__(
        self,
        base_dir: Path,
        *,
        data_dir: Path | None = None,
        env: dict | None = None,
        config_yaml: str | None = None,
        extra_args: list[str] | None = None,
    ):
        self.base_dir = Path(base_dir)
        self.data_dir = Path(data_dir) if data_dir else self.base_dir / "data"
        self.log_dir = self.base_dir / "logs"
        self.log_dir.mkdir(parents=True, exist_ok=True)
        self.env_extra = dict(env or {})
        self.config_path: Path | None = None
        if config_yaml is not None:
            self.config_path = self.base_dir / "trent.yaml"
            self.config_path.write_text(config_yaml)
        self.extra_args = list(extra_args or [])
        self.port = free_port()
        self.proc: subprocess.Popen | None = None
        self.starts = 0
        self.dumps = 0
        self._stdout = None
        self._stderr = None
        self._clients: list = []

    # ----------------------------------------------------------------- process
    @property
    def endpoint(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def store_database(self) -> str | None:
        """This server's PostgreSQL database (created on first use), None on SQLite."""
        return POSTGRES.for_data_dir(self.data_dir) if store_is_postgresql() else None

    @property
    def store_url(self) -> str | None:
        db = self.store_database
        return POSTGRES.url(db) if db is not None else None

    def dump_store(self) -> Path | None:
        """On PostgreSQL, a pg_dump of this server's database, written outside the data
        directory (for the plaintext scans); None on SQLite, whose file is in the data directory."""
        if not store_is_postgresql():
            return None
        self.dumps += 1
        return POSTGRES.dump(self.store_database, self.base_dir / "store-dump" / f"pg_dump.{self.dumps}.sql")

    def command(self, extra_args: list[str] | None = None) -> list[str]:
        cmd = [
            str(trent_bin()),
            "serve",
            "--data-dir",
            str(self.data_dir),
            "--listen",
            f"127.0.0.1:{self.port}",
        ]
        if self.config_path is not None:
            cmd += ["--config", str(self.config_path)]
        given = self.extra_args + list(extra_args or [])
        if store_is_postgresql() and not any(a == "--store" or a.startswith("--store=") for a in given):
            cmd += ["--store", self.store_url]
        cmd += self.extra_args
        cmd += list(extra_args or [])
        return cmd

    def start(self, extra_args: list[str] | None = None, env: dict | None = None) -> "Trent":
        if not trent_bin().exists():
            pytest.fail(
                f"Trent binary not found at {trent_bin()} (set TRENT_BIN or run `swift build`)",
                pytrace=False,
            )
        self.starts += 1
        n = self.starts
        self.stdout_path = self.log_dir / f"stdout.{n}.log"
        self.stderr_path = self.log_dir / f"stderr.{n}.log"
        self._stdout = open(self.stdout_path, "wb")
        self._stderr = open(self.stderr_path, "wb")
        run_env = clean_env({**self.env_extra, **(env or {})})
        self.proc = subprocess.Popen(
            self.command(extra_args),
            stdout=self._stdout,
            stderr=self._stderr,
            stdin=subprocess.DEVNULL,
            env=run_env,
            cwd=str(self.base_dir),
            start_new_session=True,
        )
        self._wait_healthy()
        return self

    def _wait_healthy(self) -> None:
        deadline = time.monotonic() + START_TIMEOUT
        last_err = None
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise ServerFailed(
                    f"trent serve exited with {self.proc.returncode} before becoming healthy\n"
                    f"command: {' '.join(self.command())}\n{self.output()}"
                )
            try:
                with urllib.request.urlopen(self.endpoint + "/health", timeout=2) as r:
                    if r.status == 200:
                        return
                    last_err = f"status {r.status}"
            except (urllib.error.URLError, OSError) as e:  # not up yet
                last_err = repr(e)
            time.sleep(0.05)
        self._terminate(signal.SIGKILL)
        raise ServerFailed(
            f"trent serve did not answer GET /health within {START_TIMEOUT}s (last: {last_err})\n"
            f"{self.output()}"
        )

    def output(self) -> str:
        parts = []
        for label, path in (("stdout", getattr(self, "stdout_path", None)), ("stderr", getattr(self, "stderr_path", None))):
            if path and path.exists():
                text = path.read_bytes().decode("utf-8", "replace")
                parts.append(f"--- {label} ---\n{text[-8000:]}")
        return "\n".join(parts)

    def stdout_text(self) -> str:
        return self.stdout_path.read_bytes().decode("utf-8", "replace")

    def stderr_text(self) -> str:
        return self.stderr_path.read_bytes().decode("utf-8", "replace")

    def _close_logs(self) -> None:
        for f in (self._stdout, self._stderr):
            if f is not None and not f.closed:
                f.close()

    def _terminate(self, sig: int) -> int | None:
        proc = self.proc
        if proc is None:
            return None
        if proc.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.kill(proc.pid, sig)
            try:
                proc.wait(timeout=STOP_TIMEOUT)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.kill(proc.pid, signal.SIGKILL)
                proc.wait(timeout=STOP_TIMEOUT)
        self._close_logs()
        self._drop_connections()
        return proc.returncode

    def stop(self) -> int | None:
        """SIGTERM by PID, SIGKILL if it does not exit in time."""
        return self._terminate(signal.SIGTERM)

    def kill9(self) -> int | None:
        """Crash the server: SIGKILL by PID, no chance to flush anything."""
        return self._terminate(signal.SIGKILL)

    def restart(self, extra_args: list[str] | None = None, env: dict | None = None) -> "Trent":
        self.stop()
        return self.start(extra_args=extra_args, env=env)

    @property
    def running(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def _drop_connections(self) -> None:
        # Pooled keep-alive connections to a dead server must not be reused.
        for c in self._clients:
            with contextlib.suppress(Exception):
                c._endpoint.http_session.close()

    # ------------------------------------------------------------- identities
    @property
    def credentials_file(self) -> Path:
        return self.data_dir / "credentials"

    def admin_credentials(self) -> tuple[str, str]:
        if "TRENT_ACCESS_KEY_ID" in self.env_extra:
            return self.env_extra["TRENT_ACCESS_KEY_ID"], self.env_extra["TRENT_SECRET_ACCESS_KEY"]
        return read_credentials_file(self.credentials_file)

    @property
    def account(self) -> str:
        return self.env_extra.get("TRENT_ACCOUNT_ID", DEFAULT_ACCOUNT)

    # ---------------------------------------------------------------- clients
    def client(
        self,
        region: str = PRIMARY_REGION,
        service: str = "kms",
        access_key: str | None = None,
        secret_key: str | None = None,
        **config_kw,
    ):
        if access_key is None:
            access_key, secret_key = self.admin_credentials()
        cfg = {"retries": {"max_attempts": 1}, "connect_timeout": 5, "read_timeout": 60}
        cfg.update(config_kw)
        c = boto3.session.Session().client(
            service,
            region_name=region,
            endpoint_url=self.endpoint,
            aws_access_key_id=access_key,
            aws_secret_access_key=secret_key,
            config=botocore.config.Config(**cfg),
        )
        self._clients.append(c)
        return c

    def raw(self, target: str, body, region: str = PRIMARY_REGION, **kw):
        """Signed raw JSON 1.1 request (see helpers.raw_request)."""
        from helpers import raw_request

        if "access_key" not in kw:
            kw["access_key"], kw["secret_key"] = self.admin_credentials()
        return raw_request(self.endpoint, target, body, region=region, **kw)

    def key_arn(self, key_id: str, region: str = PRIMARY_REGION, account: str | None = None) -> str:
        return f"arn:aws:kms:{region}:{account or self.account}:key/{key_id}"

    def alias_arn(self, alias_name: str, region: str = PRIMARY_REGION, account: str | None = None) -> str:
        return f"arn:aws:kms:{region}:{account or self.account}:{alias_name}"


def read_credentials_file(path: Path, profile: str = "default") -> tuple[str, str]:
    cp = configparser.ConfigParser()
    if not cp.read(path):
        raise AssertionError(f"credentials file {path} is missing or unreadable")
    sec = cp[profile]
    return sec["aws_access_key_id"], sec["aws_secret_access_key"]


class TrentFactory:
    """Creates servers in a temporary directory and guarantees teardown."""

    def __init__(self, tmp_root: Path):
        self.tmp_root = Path(tmp_root)
        self.servers: list[Trent] = []
        self.count = 0

    def new(self, start: bool = True, **kw) -> Trent:
        self.count += 1
        base = self.tmp_root / f"trent{self.count}"
        base.mkdir(parents=True, exist_ok=True)
        srv = Trent(base, **kw)
        self.servers.append(srv)
        if start:
            srv.start()
        return srv

    def close(self) -> None:
        for srv in self.servers:
            with contextlib.suppress(Exception):
                srv.stop()
        # Hundreds of servers each with a database of its own would fill the disk by the end.
        if store_is_postgresql() and os.environ.get("TRENT_KEEP_TMP") != "1":
            for srv in self.servers:
                POSTGRES.drop(srv.data_dir)


@pytest.fixture(scope="session")
def _session_tmp():
    d = Path(tempfile.mkdtemp(prefix="trent-conformance-"))
    yield d
    if os.environ.get("TRENT_KEEP_TMP") != "1":
        shutil.rmtree(d, ignore_errors=True)


@pytest.fixture(scope="session")
def trent(_session_tmp):
    """The shared server most tests use. Tests create their own keys, and tests
    that need a clean listing use a region no other test touches."""
    factory = TrentFactory(_session_tmp / "session")
    try:
        yield factory.new()
    finally:
        factory.close()


@pytest.fixture(scope="module")
def module_trent(_session_tmp, request):
    factory = TrentFactory(_session_tmp / ("module-" + request.module.__name__))
    try:
        yield factory
    finally:
        factory.close()


@pytest.fixture
def trent_factory(tmp_path):
    """Function-scoped servers (restart, crash, config and bootstrap tests)."""
    factory = TrentFactory(tmp_path)
    try:
        yield factory
    finally:
        factory.close()


@pytest.fixture(scope="session")
def kms(trent):
    return trent.client()


@pytest.fixture
def new_key(kms):
    """Factory: creates a fresh symmetric key on the shared server, returns its metadata."""

    def make(client=None, **kw):
        return (client or kms).create_key(**kw)["KeyMetadata"]

    return make
