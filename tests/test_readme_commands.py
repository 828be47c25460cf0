"""The README's commands work as written, in a fresh shell after `make demo` and `make test`:
no virtualenv on the PATH, no DEBUG or SECRET_KEY exported, run from the checkout."""

import os
import re
import subprocess

import pytest
from django.conf import settings

BASE_DIR = settings.BASE_DIR
PYTHON = ".venv/bin/python"
MANAGE = f"{PYTHON} manage.py "
# A command name in a usage line stands for a value (PATH, USERNAME, YYYY-MM-DD) or options.
PLACEHOLDER = re.compile(r"\[|\b[A-Z][A-Z-]{2,}\b")
INLINE_COMMAND = re.compile(r"`((?:\S*/)?python3? manage\.py [^`]+)`")


def readme_commands() -> list[tuple[str, str]]:
    """(where, command) for each line of the README's ```sh blocks (where: the section's
    heading) and each inline `python manage.py ...` (where: "text"); comments and blank lines
    left out."""
    commands, section, in_sh_block = [], "", False
    for line in (BASE_DIR / "README.md").read_text().splitlines():
        if line.startswith("```"):
            in_sh_block = line.strip() == "```sh"
        elif in_sh_block:
            if line.strip() and not line.lstrip().startswith("#"):
                commands.append((section, line.split("  #")[0].strip()))
        else:
            if line.startswith("## "):
                section = line.removeprefix("## ")
            commands.extend(("text", match) for match in INLINE_COMMAND.findall(line))
    return commands


def how_to_check(where: str, command: str) -> str | None:
    """The shell line that proves `command` works in a checkout, or None where it can't run
    here: the setup itself, and production's blocks (PostgreSQL, Redis, exported secrets)."""
    if command.startswith("make ") or where.startswith("Production"):
        return None
    if not command.startswith(MANAGE):
        raise AssertionError(f"README runs {command!r}: write `{MANAGE}...`")
    if PLACEHOLDER.search(command):
        name = command.removeprefix(MANAGE).split()[0]
        return f"{MANAGE}{name} --help"
    return command


def fresh_shell(var_dir) -> dict[str, str]:
    """A login shell's environment: no virtualenv on the PATH, nothing Recheck reads set
    except where its files go."""
    venv = str(BASE_DIR / ".venv")
    path = [part for part in os.environ["PATH"].split(os.pathsep) if not part.startswith(venv)]
    return {
        "PATH": os.pathsep.join(path),
        "HOME": str(var_dir),
        "LANG": "C.UTF-8",
        "RECHECK_VAR_DIR": str(var_dir),
    }


def run(line: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["bash", "-c", line], cwd=BASE_DIR, env=env, capture_output=True, text=True, timeout=300
    )


@pytest.fixture
def checkout():
    if not (BASE_DIR / PYTHON).exists():
        pytest.fail("run the tests through `make test`, which creates .venv first")


def test_every_readme_command_runs_from_the_venv_or_is_setup_or_production():
    commands = readme_commands()
    checks = [how_to_check(where, command) for where, command in commands]
    assert "make demo" in [command for _, command in commands]
    assert any(check and "import_sheets samples/" in check for check in checks)


def test_a_command_on_an_unmigrated_database_says_to_migrate(checkout, tmp_path):
    result = run(f"{MANAGE}scan_reviews", fresh_shell(tmp_path))

    assert result.returncode == 1
    assert "run `.venv/bin/python manage.py migrate` first" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_checkout_defaults_debug_and_a_deployment_does_not(checkout, tmp_path):
    show_debug = f"{MANAGE}shell -v0 -c 'from django.conf import settings; print(settings.DEBUG)'"
    with_a_key = fresh_shell(tmp_path) | {"SECRET_KEY": "x" * 50, "ALLOWED_HOSTS": "localhost"}
    with_a_database = fresh_shell(tmp_path) | {"DATABASE_URL": f"sqlite:///{tmp_path}/db.sqlite3"}

    assert run(show_debug, fresh_shell(tmp_path)).stdout.strip() == "True"
    assert run(show_debug, with_a_key).stdout.strip() == "False"
    assert "SECRET_KEY is required" in run(show_debug, with_a_database).stderr


@pytest.mark.slow
def test_the_readme_commands_work_as_written_in_a_fresh_shell(checkout, tmp_path):
    env = fresh_shell(tmp_path)
    migrate = run(f"{MANAGE}migrate --noinput -v0", env)
    assert migrate.returncode == 0, migrate.stderr

    for where, command in readme_commands():
        if (line := how_to_check(where, command)) is not None:
            result = run(line, env)
            assert result.returncode == 0, f"{line}\n{result.stdout}\n{result.stderr}"
