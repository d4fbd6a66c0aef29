"""`roadmap config check`: the shipped configuration passes; each kind of problem in a copy is one line."""
from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from cli.config_cmd import check_configuration, pattern_checks
from config.settings import CONFIG_DIR, get_settings

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def config_copy(tmp_path, monkeypatch):
    """A copy of config/ that the settings point at (sources, entities, roadmap folder)."""
    copy = tmp_path / "config"
    shutil.copytree(CONFIG_DIR, copy, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    monkeypatch.setenv("ROADMAP_SOURCES_FILE", str(copy / "sources.yaml"))
    monkeypatch.setenv("ROADMAP_ENTITIES_FILE", str(copy / "entities.yaml"))
    monkeypatch.setenv("ROADMAP_ROADMAP_DIR", str(copy / "roadmaps" / "jp-ca-2026"))
    get_settings.cache_clear()
    yield copy
    get_settings.cache_clear()


def _edit_yaml(path: Path, change) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def test_the_shipped_configuration_passes():
    assert check_configuration() == []


def test_every_bad_source_is_its_own_line(config_copy):
    def spoil(data):
        first, second = list(data["sources"])[:2]
        data["sources"][first]["schedule"] = "99 * * * *"
        data["sources"][second]["colour"] = "blue"
    _edit_yaml(config_copy / "sources.yaml", spoil)
    problems = check_configuration()
    assert len(problems) == 2
    assert "field 'schedule'" in problems[0] and "field 'colour' is not a known field" in problems[1]


def test_an_entity_linked_to_a_commitment_the_roadmap_lacks(config_copy):
    _edit_yaml(config_copy / "entities.yaml", lambda d: d["entities"][0]["commitments"].append("9.9-99"))
    assert [p for p in check_configuration() if "'9.9-99'" in p and "field 'commitments'" in p]


def test_a_translation_missing_a_commitment(config_copy):
    fr = config_copy / "roadmaps" / "jp-ca-2026" / "fr.yaml"
    _edit_yaml(fr, lambda d: d["commitments"].pop("1.1-2"))
    (problem,) = check_configuration()
    assert re.search(r"fr translation lacks 1 commitments: 1\.1-2$", problem)


def _patterns_copy(tmp_path, monkeypatch, old: str, new: str) -> Path:
    import extractors.actions

    actions = tmp_path / "actions.yaml"
    text = (CONFIG_DIR / "patterns" / "actions.yaml").read_text(encoding="utf-8")
    assert old in text
    actions.write_text(text.replace(old, new), encoding="utf-8")
    monkeypatch.setattr(extractors.actions, "ACTIONS_FILE", actions)
    return actions


def test_a_bad_regex_in_a_pattern_file_is_one_line_naming_the_field(tmp_path, monkeypatch):
    actions = _patterns_copy(tmp_path, monkeypatch, "ja: [署名, 調印, 締結]", "ja: ['署名(', 調印, 締結]")
    (problem,) = pattern_checks()
    assert problem.startswith(f"{actions}: field 'actions.signed.ja.0' is not a regular expression")


@pytest.mark.parametrize("old, new, field", [
    ("plannable: [", "colour: blue\nplannable: [", "colour"),
    ("    ja: [署名, 調印, 締結]", "    de: [署名, 調印, 締結]", "actions.signed' input should be 'ja', 'en' or 'fr'"),
    ("plannable: [entered_into_force,", "plannable: [flew,", "(entry)"),
])
def test_a_pattern_file_is_validated_by_its_model(tmp_path, monkeypatch, old, new, field):
    actions = _patterns_copy(tmp_path, monkeypatch, old, new)
    (problem,) = pattern_checks()
    assert problem.startswith(f"{actions}: field '{field}") and "\n" not in problem


def test_the_finders_read_validated_patterns(tmp_path):
    from config.config_errors import ConfigFileError
    from extractors.actions import action_finder

    actions = tmp_path / "actions.yaml"
    actions.write_text("actions: {signed: {ja: ['(']}}\n", encoding="utf-8")
    with pytest.raises(ConfigFileError, match="field 'actions.signed.ja.0'"):
        action_finder("ja", str(actions))


@pytest.mark.slow  # a `roadmap`/python subprocess: seconds of imports
def test_the_command_exits_non_zero_with_one_line_per_problem(config_copy):
    _edit_yaml(config_copy / "entities.yaml", lambda d: d["entities"][0].update(type="treaty"))
    proc = subprocess.run([sys.executable, "-m", "cli.main", "config", "check"], cwd=ROOT, capture_output=True,
                          text=True, timeout=120)
    assert proc.returncode == 1, proc.stderr
    (line,) = proc.stdout.splitlines()
    assert "entities.yaml: entity " in line and "field 'type'" in line
