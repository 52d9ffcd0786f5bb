"""A throw-away PostgreSQL server for the tests, started from this machine's own binaries.

``initdb`` refuses to run as root (CI runs as root), so as root the cluster is made and run as
the ``postgres`` user through ``runuser``, in a temporary folder that user owns. It listens on
127.0.0.1 only, on a free port, without a Unix socket, with durability turned off (the tests
never need a crash-safe cluster, and fsync on a shared machine is slow). A watchdog process
stops the server and removes its folder when the test process ends, however it ends (even
SIGKILL), so no server is ever left behind.

pytest-postgresql was considered: its ``postgresql_proc`` runs ``initdb`` as the current user,
which fails as root, and it has no way to run it as another.
"""

from __future__ import annotations

import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import pytest

# CI sets this (.ci/run), so that tests skipped for want of PostgreSQL fail there instead.
REQUIRE_POSTGRES = "KNEEBOT_REQUIRE_POSTGRES"
SERVER_USER = "postgres"
START_TIMEOUT = 60.0  # seconds; generous, for a busy machine
SETTINGS = {
    "listen_addresses": "127.0.0.1",
    "unix_socket_directories": "",
    "fsync": "off",
    "synchronous_commit": "off",
    "full_page_writes": "off",
    "max_connections": "200",
    "shared_buffers": "32MB",
}


class NoPostgres(Exception):
    """No PostgreSQL server can be started here; the message says why."""


def find_bindir() -> Path:
    """The folder holding initdb and pg_ctl: $KNEEBOT_PG_BINDIR if set (and then only that),
    else ``pg_config --bindir`` or Debian's /usr/lib/postgresql/<version>/bin."""
    candidates: list[Path] = []
    if given := os.environ.get("KNEEBOT_PG_BINDIR"):
        candidates.append(Path(given))
    elif pg_config := shutil.which("pg_config"):
        try:
            answer = subprocess.run([pg_config, "--bindir"], capture_output=True, text=True, timeout=10, check=True)
            candidates.append(Path(answer.stdout.strip()))
        except (OSError, subprocess.SubprocessError):
            pass
    if not given:
        candidates += sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True)
    for folder in candidates:
        if (folder / "initdb").is_file() and (folder / "pg_ctl").is_file():
            return folder
    raise NoPostgres("no PostgreSQL server binaries (initdb, pg_ctl) were found; install PostgreSQL 15 or later")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class PostgresServer:
    """A running cluster; :meth:`url` names a database in it (superuser ``kneebot``, no password)."""

    bindir: Path
    folder: Path
    port: int = 0
    _as_user: list[str] = field(default_factory=list)
    _watchdog: subprocess.Popen[bytes] | None = None

    @classmethod
    def start(cls) -> PostgresServer:
        bindir = find_bindir()
        as_user: list[str] = []
        folder = Path(tempfile.mkdtemp(prefix="kneebot-pg-"))
        if os.geteuid() == 0:
            try:
                owner = pwd.getpwnam(SERVER_USER)
            except KeyError:
                shutil.rmtree(folder)
                raise NoPostgres(f"running as root, with no '{SERVER_USER}' user to run PostgreSQL as") from None
            runuser = shutil.which("runuser") or shutil.which("runuser", path="/usr/sbin:/sbin")
            if runuser is None:
                shutil.rmtree(folder)
                raise NoPostgres("running as root, and there is no runuser to run PostgreSQL as another user")
            os.chown(folder, owner.pw_uid, owner.pw_gid)
            as_user = [runuser, "-u", SERVER_USER, "--"]
        server = cls(bindir, folder, _as_user=as_user)
        try:
            server._initdb()
            server._start_on_a_free_port()
            server._watch()
        except BaseException:
            server.stop()
            raise
        return server

    def url(self, database: str = "postgres") -> str:
        return f"postgresql://kneebot@127.0.0.1:{self.port}/{database}"

    def stop(self) -> None:
        """Stop the server at once and remove its folder (safe to call twice)."""
        if (self.folder / "data" / "postmaster.pid").exists():
            self._run("pg_ctl", "stop", "-D", str(self.folder / "data"), "-m", "immediate", "-w", check=False)
        if self._watchdog is not None and self._watchdog.poll() is None:
            self._watchdog.terminate()
            self._watchdog.wait()
        shutil.rmtree(self.folder, ignore_errors=True)

    def _initdb(self) -> None:
        self._run(
            "initdb", "-D", str(self.folder / "data"), "-U", "kneebot", "--auth=trust", "--no-sync",
            "--encoding=UTF8", "--locale=C",
        )  # fmt: skip

    def _start_on_a_free_port(self) -> None:
        """Start on a free port; another program may take it first, so try a few."""
        for attempt in range(5):
            self.port = free_port()
            options = " ".join(f"-c {name}={value!r}" for name, value in {**SETTINGS, "port": self.port}.items())
            log = self.folder / "server.log"
            started = self._run(
                "pg_ctl", "start", "-D", str(self.folder / "data"), "-l", str(log), "-w",
                "-t", str(int(START_TIMEOUT)), "-o", options, check=False,
            )  # fmt: skip
            if started.returncode == 0:
                return
            if attempt == 4:
                tail = log.read_text(errors="replace")[-2000:] if log.exists() else started.stderr
                raise NoPostgres(f"PostgreSQL would not start: {tail}")

    def _watch(self) -> None:
        """A process that stops the server when this one ends, however it ends."""
        data = self.folder / "data"
        stop = " ".join([*self._as_user, str(self.bindir / "pg_ctl"), "stop", "-D", str(data), "-m", "immediate"])
        script = (
            f"while kill -0 {os.getpid()} 2>/dev/null; do sleep 1; done; {stop} >/dev/null 2>&1; rm -rf {self.folder}"
        )
        self._watchdog = subprocess.Popen(["sh", "-c", script], start_new_session=True)

    def _run(self, program: str, *arguments: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        command = [*self._as_user, str(self.bindir / program), *arguments]
        try:
            done = subprocess.run(command, capture_output=True, text=True, timeout=START_TIMEOUT + 30, cwd=self.folder)
        except (OSError, subprocess.SubprocessError) as exc:
            raise NoPostgres(f"{program} could not be run: {exc}") from exc
        if check and done.returncode != 0:
            raise NoPostgres(f"{program} failed: {(done.stderr or done.stdout)[-2000:]}")
        return done


def start_or_skip() -> PostgresServer:
    """A started server; where none can be started, the test is skipped with the reason, or
    failed when $KNEEBOT_REQUIRE_POSTGRES is set."""
    try:
        return PostgresServer.start()
    except NoPostgres as exc:
        if os.environ.get(REQUIRE_POSTGRES):
            pytest.fail(f"{REQUIRE_POSTGRES} is set, but there is no PostgreSQL to test with: {exc}")
        pytest.skip(f"no PostgreSQL to test with: {exc}")
