"""entities.yaml is read by type, by one reader: bad entries are one line naming file, entity and field."""
from __future__ import annotations

from typing import get_args

import pytest

from config.config_errors import ConfigFileError
from config.entities import EntityType, entity_commitments, load_entities
from extractors.gazetteer import GazetteerError, load_gazetteer
from extractors.types import MENTION_TYPES

GOOD = "- {id: jp-ca-x, type: agreement, names: {en: [X Agreement]}, commitments: [1.1-2, 4.1]}\n"


def _file(tmp_path, body: str):
    path = tmp_path / "entities.yaml"
    path.write_text("entities:\n" + body, encoding="utf-8")
    return path


def test_the_shipped_gazetteer_validates():
    assert len(load_entities()) > 50


def test_entity_types_are_the_mention_types():
    assert get_args(EntityType) == MENTION_TYPES


@pytest.mark.parametrize("body, field", [
    ("- {id: y, type: treaty, names: {en: [Y]}}\n", "type"),
    ("- {id: y, type: agreement, names: {en: [Y]}, colour: blue}\n", "colour"),
    ("- {id: y, type: agreement, names: {de: [Y]}}\n", "names"),
    ("- {id: y, type: exercise, cadence: monthly, names: {en: [Y]}}\n", "cadence"),
    ("- {id: y, type: agreement, names: {fr: [Y]}}\n", "names"),
    ("- {id: jp-ca-x, type: agreement, names: {en: [Z]}}\n", "id"),
])
def test_a_bad_entity_is_one_line_naming_file_entity_and_field(tmp_path, body, field):
    path = _file(tmp_path, GOOD + body)
    with pytest.raises(ConfigFileError) as info:
        load_entities(path)
    message = str(info.value)
    assert message.startswith(f"{path}: entity '") and f"field '{field}" in message and "\n" not in message


def test_commitment_ids_stay_strings_and_link_back(tmp_path):
    assert entity_commitments(_file(tmp_path, GOOD)) == {"1.1-2": ["jp-ca-x"], "4.1": ["jp-ca-x"]}


def test_the_gazetteer_reports_a_bad_file_as_its_own_error(tmp_path):
    with pytest.raises(GazetteerError, match="field 'type'"):
        load_gazetteer(_file(tmp_path, "- {id: y, type: treaty, names: {en: [Y]}}\n"))
