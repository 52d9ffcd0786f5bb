"""The deployment files: the Dockerfile's own commands run as it runs them (these machines cannot
build images, so its final stage is replayed here: its environment, its build-time command, the
command it starts and its health check), and compose.yaml, the Caddyfile and the systemd unit
name only settings kneebot has, on the ports it listens on."""

from __future__ import annotations

import json
import os
import re
import shlex
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import yaml
from bot_process import CACHE_DIR, START_TIMEOUT, free_port, http_get, metric, say
from fake_bot_api import TOKEN, FakeBotApi

from bot.config import TelegramSettings

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent  # the virtual environment kneebot is installed in


@dataclass
class Stage:
    base: str
    env: dict[str, str] = field(default_factory=dict)
    runs: list[str] = field(default_factory=list)
    user: str | None = None
    workdir: str | None = None
    healthcheck: list[str] = field(default_factory=list)
    cmd: list[str] = field(default_factory=list)


def dockerfile() -> list[Stage]:
    """The Dockerfile's stages, with what this test replays of each."""
    text = re.sub(r"\\\n\s*", " ", (ROOT / "Dockerfile").read_text())
    stages: list[Stage] = []
    for line in text.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        instruction, _, rest = line.strip().partition(" ")
        instruction = instruction.upper()
        if instruction == "FROM":
            stages.append(Stage(rest.split()[0]))
        elif not stages:
            continue
        elif instruction == "ENV":
            stages[-1].env.update(pair.split("=", 1) for pair in shlex.split(rest))
        elif instruction == "RUN":
            stages[-1].runs.append(rest)
        elif instruction == "USER":
            stages[-1].user = rest.strip()
        elif instruction == "WORKDIR":
            stages[-1].workdir = rest.strip()
        elif instruction == "HEALTHCHECK":
            stages[-1].healthcheck = json.loads(rest.split(" CMD ", 1)[1])
        elif instruction == "CMD":
            stages[-1].cmd = json.loads(rest)
    return stages


def test_the_image_is_built_in_two_stages_and_runs_unprivileged_with_a_health_check():
    *builders, final = dockerfile()
    assert builders and all(stage.runs for stage in builders)
    assert final.user not in (None, "root", "0") and final.healthcheck and final.cmd
    assert not final.runs or all("pip install" not in run for run in final.runs)  # built in the first stage


@pytest.fixture
def api() -> Iterator[FakeBotApi]:
    server = FakeBotApi().start()
    yield server
    server.stop()


def test_the_images_commands_work_as_the_dockerfile_runs_them(api, tmp_path):
    """The final stage's environment with its folders moved here and its ports to free ones on
    127.0.0.1; then its build-time kneebot commands (not the system's: no user is added to this
    machine), the command it starts and its health check, verbatim."""
    final = dockerfile()[-1]
    home, metrics_port = tmp_path / "home", free_port()
    home.mkdir()
    moved = {
        "/opt/kneebot/bin": str(BIN),
        "/opt/kneebot/cache": str(CACHE_DIR),
        "/var/lib/kneebot": str(home),
        "0.0.0.0:9108": f"127.0.0.1:{metrics_port}",
    }

    def here(value: str) -> str:
        for there, local in moved.items():
            value = value.replace(there, local)
        return value

    env = {"PATH": os.environ["PATH"], "HOME": str(home), "LANG": "C.UTF-8"}
    for name, value in final.env.items():
        env[name] = here(value.replace("$PATH", env["PATH"]))
    assert env["PATH"].startswith(str(BIN))
    kneebot_runs = [command for command in final.runs if command.startswith("kneebot ")]
    assert kneebot_runs  # the embeddings computed into the image
    for command in kneebot_runs:
        subprocess.run(here(command), shell=True, env=env, cwd=home, check=True, timeout=300)
    workdir = Path(here(final.workdir or str(home)))
    health = final.healthcheck
    assert subprocess.run(health, env=env, cwd=workdir, capture_output=True, timeout=60).returncode == 1  # not up
    running = {**env, "TELEGRAM_BOT_TOKEN": TOKEN, "KNEEBOT_API_URL": api.url}
    with open(tmp_path / "bot.log", "wb") as log:
        bot = subprocess.Popen(final.cmd, env=running, cwd=workdir, stdout=log, stderr=subprocess.STDOUT)
    try:
        api.wait_for(lambda: api.calls_to("getUpdates"), START_TIMEOUT, "the container's command to start polling")
        checked = subprocess.run(health, env=env, cwd=workdir, capture_output=True, text=True, timeout=60)
        assert checked.returncode == 0, checked.stderr
        serves_metrics_without_anyones_words(api, f"http://127.0.0.1:{metrics_port}")
        assert (home / "state.sqlite3").is_file()  # the state is kept where the volume is mounted
    finally:
        bot.terminate()
        bot.wait(60)
    assert bot.returncode == 0
    assert "relative to the folder" not in (tmp_path / "bot.log").read_text()
    assert subprocess.run(health, env=env, cwd=workdir, capture_output=True, timeout=60).returncode == 1  # gone


def serves_metrics_without_anyones_words(api: FakeBotApi, base: str) -> None:
    """Three people's messages counted by kind, the latency of their replies, a failed Bot API
    call; and /readyz. Nothing of what they wrote or who they are in /metrics."""
    api.name_user(9001, first_name="Zebedee", username="zebedee_k")
    say(api, 9001, "where is SP10", "Xuehai")
    say(api, 9002, "my calf is swollen and warm since my flight", "clot")
    api.fail("sendMessage", 502)  # one failed try; the outbox tries again
    say(api, 9003, "zxqv blorf wibble", "")  # not understood
    status, body = http_get(base + "/readyz")
    assert status == 200 and json.loads(body) == {"status": "ready", "database": "ok", "model": "ok"}

    def scraped() -> str | None:
        status, exposition = http_get(base + "/metrics")
        return exposition if status == 200 and metric(exposition, "kneebot_reply_latency_seconds_count") >= 3 else None

    exposition = api.wait_for(scraped, 60, "three replies timed in /metrics")
    assert metric(exposition, "kneebot_updates_total", type="message") == 3
    assert metric(exposition, "kneebot_red_flags_total", severity="same_day") == 1
    assert metric(exposition, "kneebot_fallbacks_total") == 1
    assert metric(exposition, "kneebot_bot_api_errors_total", method="sendMessage", error="HTTP 502") == 1
    for user_id in ("9001", "9002", "9003"):  # as a number of its own, not digits inside a latency figure
        assert not re.search(rf"(?<![\d.]){user_id}(?!\d)", exposition)
    for private in ("Zebedee", "zebedee", "SP10", "calf", "flight", "blorf", "Xuehai"):
        assert private not in exposition


# --- compose.yaml, the Caddyfile, the systemd unit ----------------------------------------------

SETTINGS = {f"KNEEBOT_{name.upper()}" for name in TelegramSettings.model_fields} | {"TELEGRAM_BOT_TOKEN"}


def test_compose_runs_two_instances_on_postgres_behind_the_proxy_on_the_ports_they_use():
    compose = yaml.safe_load((ROOT / "compose.yaml").read_text())
    services = compose["services"]
    bots = {name: service for name, service in services.items() if service.get("build") == "."}
    assert len(bots) == 2 and "postgres" in services and "proxy" in services
    for service in bots.values():
        env = service["environment"]
        assert set(env) <= SETTINGS, set(env) - SETTINGS
        assert (
            env["KNEEBOT_DATABASE_URL"].startswith("postgresql://") and "@postgres:5432/" in env["KNEEBOT_DATABASE_URL"]
        )
        assert env["KNEEBOT_WEBHOOK_URL"].startswith("https://")
    webhook_port = env["KNEEBOT_LISTEN"].rsplit(":", 1)[1]
    metrics_port = env["KNEEBOT_METRICS_LISTEN"].rsplit(":", 1)[1]
    webhook_path = "/" + env["KNEEBOT_WEBHOOK_URL"].split("/", 3)[3]
    caddyfile = (ROOT / "deploy" / "Caddyfile").read_text()
    assert f"handle {webhook_path} " in caddyfile
    upstreams = re.search(r"reverse_proxy ([^{]+)\{", caddyfile)
    assert upstreams and set(upstreams.group(1).split()) == {f"{name}:{webhook_port}" for name in bots}
    assert f"health_port {metrics_port}" in caddyfile and "health_uri /readyz" in caddyfile


def test_the_systemd_unit_runs_kneebot_with_absolute_paths_and_known_settings():
    unit = (ROOT / "deploy" / "kneebot.service").read_text()
    settings = dict(re.findall(r"^Environment=(\w+)=(.*)$", unit, re.MULTILINE))
    assert set(settings) <= SETTINGS, set(settings) - SETTINGS
    for name in ("KNEEBOT_STATE_DB", "KNEEBOT_PICTURES_DIR", "KNEEBOT_CACHE_DIR"):
        assert settings[name].startswith("/")
    [start] = re.findall(r"^ExecStart=(.*)$", unit, re.MULTILINE)
    assert shlex.split(start)[1:] == ["run"] and shlex.split(start)[0].endswith("/kneebot")
