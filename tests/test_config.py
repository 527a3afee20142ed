"""The config file: one place reads it, and a bad one is one line naming it (exit 2), for every command."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from graphintro.config import ConfigError, config_path, config_table, read_config
from graphintro.errors import GraphintroError, ImportFormatError


def _graphintro(db: Path, config: Path, *args: str) -> subprocess.CompletedProcess:
    """The CLI in a process of its own: the config is read once per process (the vocabulary is cached)."""
    env = dict(os.environ, GRAPHINTRO_CONFIG=str(config))
    return subprocess.run(
        [sys.executable, "-m", "graphintro.cli", "--db", str(db), *args],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.mark.parametrize(
    "command", [["experts", "cybersécurité"], ["score"], ["path", "Camille Rousseau", "Inès Moreau"]]
)
def test_a_config_file_that_is_not_toml_is_one_line_naming_it(demo_db, tmp_path, command):
    """Every command that reads the config: experts (its vocabulary), score (quality weights), path
    (tie strengths). Before config.py, experts showed a TOMLDecodeError traceback."""
    config = tmp_path / "config.toml"
    config.write_text("[synonyms\ncloud = ['nuage'\n", encoding="utf-8")
    done = _graphintro(demo_db, config, *command)
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and f"{config}: bad config file (" in lines[0], done.stderr


def test_config_errors_are_their_own_kind_and_name_the_file(tmp_path):
    config = tmp_path / "config.toml"
    config.write_text("synonyms = 3\n[quality\n", encoding="utf-8")
    with pytest.raises(ConfigError) as raised:
        read_config(config)
    assert not isinstance(raised.value, ImportFormatError), "a config file is no export"
    assert isinstance(raised.value, GraphintroError) and raised.value.exit_code == 2
    assert str(raised.value).startswith(f"{config}: bad config file (") and "\n" not in str(raised.value)
    config.write_text("synonyms = 3\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"synonyms must be a table \(\[synonyms\]\)"):
        config_table("synonyms", config)
    assert config_table("quality", tmp_path / "missing.toml") == {}
    config.write_text("[quality]\nreach = 0.3\n", encoding="utf-8")
    assert config_table("quality", config) == {"reach": 0.3}


def test_the_config_path_is_the_environment_s_else_the_user_config_folder(monkeypatch, tmp_path):
    monkeypatch.setenv("GRAPHINTRO_CONFIG", str(tmp_path / "team.toml"))
    assert config_path() == tmp_path / "team.toml"
    monkeypatch.delenv("GRAPHINTRO_CONFIG")
    assert config_path().name == "config.toml" and "graphintro" in config_path().parts


def test_each_table_s_bad_value_is_a_config_error(tmp_path):
    from graphintro.asks import follow_up_days, load_templates
    from graphintro.load import load_budget
    from graphintro.quality import load_quality_config
    from graphintro.strength import load_weights

    config = tmp_path / "config.toml"
    for text, load, says in [
        ("[strength]\nteammates = 'high'\n", load_weights, "[strength] teammates"),
        ("[quality]\nreach = -1\n", load_quality_config, "[quality] reach"),
        ("[asks]\nfollow_up_days = 'soon'\n", follow_up_days, "[asks] follow_up_days"),
        ("[asks.templates.de]\nsubject = 'x'\n", load_templates, "[asks.templates.de]"),
        ("[asks.budget]\nopen = 0\n", load_budget, "[asks.budget] open"),
    ]:
        config.write_text(text, encoding="utf-8")
        with pytest.raises(ConfigError) as raised:
            load(config)
        assert str(raised.value).startswith(f"{config}: {says}"), str(raised.value)
