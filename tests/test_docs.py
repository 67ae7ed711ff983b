"""The README is the contract: its commands exist and CI runs its test command."""

from __future__ import annotations

import re

from conftest import REPO

from borderwatch.cli import cli

README = (REPO / "README.md").read_text(encoding="utf-8")


def test_readme_has_two_setup_commands_and_ci_runs_the_test_one() -> None:
    blocks = re.findall(r"^```sh\n(.*?)\n```", README, flags=re.MULTILINE | re.DOTALL)
    assert len(blocks) == 2 and all("\n" not in b for b in blocks)  # two one-line commands
    assert blocks[0].endswith("borderwatch build seeds/")
    assert "apt-get install -y chromium chromium-driver postgresql-15-postgis-3" in blocks[1]
    assert blocks[1].endswith("python -m pytest")
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    assert "grep -m1 -E '^\\(command -v chromium.*pytest$' README.md" in ci


def test_every_command_is_in_readme() -> None:
    for name in cli.commands:
        assert f"borderwatch {name}" in README, name
