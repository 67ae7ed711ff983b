"""The README is the contract: its commands exist and CI runs its test command."""

from __future__ import annotations

import re

from conftest import REPO

from borderwatch.cli import cli

README = (REPO / "README.md").read_text(encoding="utf-8")


def test_readme_has_two_setup_commands_and_ci_runs_the_test_one() -> None:
    commands = re.findall(r"^python3 -m venv .*$", README, flags=re.MULTILINE)
    assert len(commands) == 2
    assert "borderwatch build seeds/" in commands[0]
    assert "pytest" in commands[1]
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    assert "grep -m1 -E '^python3 -m venv .*pytest' README.md" in ci


def test_every_command_is_in_readme() -> None:
    for name in cli.commands:
        assert f"borderwatch {name}" in README, name
