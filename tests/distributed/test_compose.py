"""docker-compose.yml, the Dockerfile and .env.example hold only what the project accepts.

No Docker engine runs here, so the files are checked against the code: every service builds
from files that exist, every `duthao` command line parses with the real CLI, every DUTHAO_*
variable is a Settings field with a valid value, and no secret is written into the file.
"""

import json
import re
import shlex
from pathlib import Path
from typing import Any

import pytest
import yaml
from pydantic import ValidationError
from typer.testing import CliRunner

from duthao.cli import app
from models.settings import Settings
from tests.expect import group

ROOT = Path(__file__).resolve().parents[2]
COMPOSE = yaml.safe_load((ROOT / "docker-compose.yml").read_text(encoding="utf-8"))
SERVICES: dict[str, dict[str, Any]] = COMPOSE["services"]
DOCKERFILE = (ROOT / "Dockerfile").read_text(encoding="utf-8")
ENV_EXAMPLE = (ROOT / ".env.example").read_text(encoding="utf-8")
INTERPOLATION = re.compile(r"\$\{(\w+)(?::?[-?]([^}]*))?\}")


def _example_env() -> dict[str, str]:
    pairs = (line.split("=", 1) for line in ENV_EXAMPLE.splitlines() if re.match(r"^\w+=", line))
    return {k: v for k, v in pairs}


def _dockerignore() -> list[str]:
    lines = (ROOT / ".dockerignore").read_text(encoding="utf-8").splitlines()
    return [line.strip().rstrip("/") for line in lines if line.strip() and line[0] != "#"]


def _documented() -> set[str]:
    """Names .env.example sets or shows commented out (`# NAME=value`)."""
    return {m.group(1) for m in re.finditer(r"^(?:# )?(\w+)=", ENV_EXAMPLE, re.M)}


def _interpolate(value: str, env: dict[str, str]) -> str:
    """Compose's ${VAR}, ${VAR:-default} and ${VAR:?error}, with env standing for .env."""

    def one(m: re.Match[str]) -> str:
        if env.get(m.group(1)):
            return env[m.group(1)]
        if "?" in m.group(0):
            raise AssertionError(f"{m.group(1)} is required: {m.group(2)}")
        return m.group(2) or ""

    return INTERPOLATION.sub(one, value).replace("$$", "$")


def _command_lines(command: Any) -> list[list[str]]:
    """A service's command as argv lists (`sh -c "a && exec b"` gives two)."""
    if isinstance(command, str):
        command = shlex.split(command)
    if command[:2] == ["sh", "-c"]:
        lines = [shlex.split(part) for part in command[2].split("&&")]
        return [line[1:] if line[0] == "exec" else line for line in lines]
    return [command]


def _dockerfile_cmd() -> list[str]:
    return json.loads(group(r"^CMD (\[.*\])$", DOCKERFILE, re.M))


def _all_command_lines() -> list[list[str]]:
    lines = [_dockerfile_cmd()]
    for service in SERVICES.values():
        if "command" in service:
            lines += _command_lines(service["command"])
    return lines


def _accepts(argv: list[str]) -> tuple[bool, str]:
    """Run `duthao ... --help` with the whole line: the CLI parses every command name and
    option (unknown ones fail) but `--help` stops it before anything runs."""
    result = CliRunner().invoke(app, [*argv[1:], "--help"])
    return result.exit_code == 0, result.output


def test_every_service_is_complete() -> None:
    assert set(SERVICES) >= {"postgres", "prefect-server", "prefect-worker", "web", "mailpit"}
    one_shot = {n for n, s in SERVICES.items() if s.get("restart") == "no"}
    for name, service in SERVICES.items():
        for needed, how in service.get("depends_on", {}).items():
            done = how["condition"] == "service_completed_successfully"
            assert done == (needed in one_shot), f"{name} waits wrongly for {needed}"
        if name in one_shot:
            assert any(name in s.get("depends_on", {}) for s in SERVICES.values()), name
            continue
        assert "healthcheck" in service, f"{name} has no healthcheck"
        assert service.get("restart") in {"unless-stopped", "always"}, f"{name} never restarts"
        for needed in service.get("depends_on", {}):
            assert needed in SERVICES, f"{name} depends on unknown {needed}"
        for volume in service.get("volumes", []):
            source = volume.split(":")[0]
            if source.startswith("."):
                assert (ROOT / source).exists(), f"{name} mounts missing {source}"
            else:
                assert source in COMPOSE["volumes"], f"{name} uses undeclared volume {source}"


def test_builds_use_files_that_exist() -> None:
    built = [s for s in SERVICES.values() if "build" in s]
    assert len(built) >= 3  # server, worker and web run the project's image
    for service in built:
        context = ROOT / service["build"]["context"]
        assert (context / service["build"].get("dockerfile", "Dockerfile")).is_file()
    ignored = _dockerignore()
    for m in re.finditer(r"^COPY (?!--from)(.+) \S+$", DOCKERFILE, re.M):
        for source in m.group(1).split():
            if source != ".":
                assert (ROOT / source).exists(), f"Dockerfile copies missing {source}"
                assert source not in ignored, f".dockerignore hides {source}"
    assert re.search(r"^FROM python:3\.11-slim", DOCKERFILE, re.M)
    assert "uv sync --locked --no-dev" in DOCKERFILE


def test_the_image_keeps_what_the_code_reads_beside_itself() -> None:
    """`COPY . .` minus .dockerignore: the migrations (models/migrate.py finds them from the
    source tree, hence an editable install) and the templates must stay in."""
    ignored = _dockerignore()
    assert "--no-editable" not in DOCKERFILE
    for needed in ("alembic.ini", "migrations/env.py", "web/templates", "pyproject.toml"):
        assert (ROOT / needed).exists()
        parts = Path(needed).parts
        hidden = [p for p in ignored if p in {"/".join(parts[: i + 1]) for i in range(len(parts))}]
        assert not hidden, f".dockerignore hides {needed} ({hidden})"


def test_image_has_the_debian_packages_the_documents_need() -> None:
    listed = (ROOT / "scripts/debian-packages.txt").read_text(encoding="utf-8")
    for package in ("fonts-liberation2", "libicu-dev"):
        assert re.search(rf"^{re.escape(package)}=", listed, re.M), package
        assert package in DOCKERFILE, f"the image lacks {package}"


def test_every_duthao_command_is_one_the_cli_accepts() -> None:
    seen = set()
    for argv in _all_command_lines():
        if argv[0] != "duthao":
            continue
        ok, output = _accepts(argv)
        assert ok, f"{argv}: {output}"
        seen.add(argv[1])
    assert {"migrate", "serve", "deploy", "worker", "prefect-server"} <= seen


def test_unknown_commands_and_options_are_caught() -> None:
    """The check above does refuse what the CLI would refuse."""
    assert not _accepts(["duthao", "serve", "--threads", "4"])[0]
    assert not _accepts(["duthao", "launch"])[0]
    assert _accepts(["duthao", "round", "close", "3"])[0]


def test_every_duthao_variable_is_a_setting_with_a_valid_value() -> None:
    fields = {f"DUTHAO_{name.upper()}" for name in Settings.model_fields}
    env = {**_example_env(), "POSTGRES_PASSWORD": "example"}
    for name, service in SERVICES.items():
        values = {k: _interpolate(str(v), env) for k, v in service.get("environment", {}).items()}
        ours = {k[len("DUTHAO_") :].lower(): v for k, v in values.items() if k in fields}
        assert all(k in fields for k in values if k.startswith("DUTHAO_")), name
        try:
            # The file's values are text: model_validate parses them as the environment would.
            Settings.model_validate({"secret_key": "x" * 40, **ours})
        except ValidationError as exc:
            pytest.fail(f"{name}: {exc}")
    documented = {k for k in _documented() if k.startswith("DUTHAO_")}
    assert documented - fields == set(), "documented but not a setting"
    assert fields - documented == set(), "a setting missing from .env.example"


def test_example_env_loads_as_settings(tmp_path: Path) -> None:
    env_file = tmp_path / ".env"
    env_file.write_text(ENV_EXAMPLE.replace("DUTHAO_SECRET_KEY=", "DUTHAO_SECRET_KEY=" + "s" * 40))
    settings = Settings(_env_file=env_file)
    assert settings.topology == "distributed" and settings.production
    assert settings.smtp_host == "mailpit" and settings.smtp_port == 1025


def test_variables_compose_needs_are_documented_and_no_secret_is_inline() -> None:
    text = (ROOT / "docker-compose.yml").read_text(encoding="utf-8")
    documented = _documented()
    for m in INTERPOLATION.finditer(text):
        assert m.group(1) in documented, f"{m.group(1)} is not in .env.example"
    for service in SERVICES.values():
        for key, value in service.get("environment", {}).items():
            if re.search(r"PASSWORD|SECRET|TOKEN", key):
                assert str(value).startswith("${"), f"{key} is written into the file"
            # Passwords inside URLs come from .env too.
            url = _interpolate(str(value), {"POSTGRES_PASSWORD": "from-env"})
            for secret in re.findall(r"://[^:/@]+:([^@]+)@", url):
                assert secret == "from-env", f"a password is written into {key}"
    with pytest.raises(AssertionError, match="POSTGRES_PASSWORD is required"):
        _interpolate(SERVICES["postgres"]["environment"]["POSTGRES_PASSWORD"], {})


def test_prefect_server_has_its_own_database() -> None:
    server = SERVICES["prefect-server"]["environment"]
    web = SERVICES["web"]["environment"]
    env = {"POSTGRES_PASSWORD": "p"}
    prefect_db = _interpolate(server["PREFECT_API_DATABASE_CONNECTION_URL"], env)
    app_db = _interpolate(web["DUTHAO_DATABASE_URL"], env)
    assert prefect_db.startswith("postgresql+asyncpg://")
    assert prefect_db.rsplit("/", 1)[1] != app_db.rsplit("/", 1)[1]
    init = (ROOT / "docker/postgres-init.sql").read_text(encoding="utf-8")
    assert f"CREATE DATABASE {prefect_db.rsplit('/', 1)[1]};" in init
    assert web["DUTHAO_TOPOLOGY"] == "distributed"
    for name in ("web", "prefect-worker"):
        url = SERVICES[name]["environment"]["PREFECT_API_URL"]
        assert url == f"http://prefect-server:{_server_port()}/api"


def _server_port() -> str:
    argv = _command_lines(SERVICES["prefect-server"]["command"])[0]
    return argv[argv.index("--port") + 1]


def test_healthchecks_hit_real_endpoints() -> None:
    from fastapi.routing import APIRoute

    from web.routes.health import router

    assert "/healthz" in {r.path for r in router.routes if isinstance(r, APIRoute)}
    web_check = " ".join(SERVICES["web"]["healthcheck"]["test"])
    assert "/healthz" in web_check and ":8000" in web_check
    server_check = " ".join(SERVICES["prefect-server"]["healthcheck"]["test"])
    assert f":{_server_port()}/api/health" in server_check
    worker = " ".join(_command_lines(SERVICES["prefect-worker"]["command"])[-1])
    assert "--healthcheck" in worker
