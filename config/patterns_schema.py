"""The pattern files (``config/patterns/*.yaml``, ``config/linking.yaml``) read by type, once per content.

Each file has a model: unknown sections refused, languages limited to ja/en/fr, every regular
expression compiled. ``read_patterns(path)`` returns the file's mapping once it validates; a bad
file raises one ConfigFileError line naming the file and the field.
"""
from __future__ import annotations

import copy
import re
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Any, Literal

import yaml
from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StrictStr, ValidationError, model_validator

from config.config_errors import ConfigFileError, first_problem
from config.field_types import Regex

Lang = Literal["ja", "en", "fr"]
MentionType = Literal["exercise", "agreement", "dialogue", "mechanism", "programme"]
CountryCode = Annotated[StrictStr, AfterValidator(lambda c: _check(re.fullmatch(r"[A-Z]{2}", c), c, "an ISO code"))]


def _check(ok: Any, value: Any, what: str) -> Any:
    if not ok:
        raise ValueError(f"{value!r} is not {what}")
    return value



Word = StrictStr
RegexesByLang = dict[Lang, list[Regex]]
WordsByLang = dict[Lang, list[Word]]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", coerce_numbers_to_str=True)  # `2+2`, `G7`: YAML may give numbers


class BeforeAfter(_Strict):
    before: list[Regex] = []
    after: list[Regex] = []


class ActionsFile(_Strict):
    """actions.yaml: action triggers, prospective cues, membership cues, the subject event's cues."""
    actions: dict[str, RegexesByLang]
    prospective: dict[Lang, BeforeAfter]
    membership: RegexesByLang
    plannable: list[str]
    subject: dict[str, RegexesByLang]

    @model_validator(mode="after")
    def _plannable_are_actions(self) -> ActionsFile:
        unknown = [a for a in self.plannable if a not in self.actions]
        return _check(not unknown, self, f"consistent: plannable names unknown actions {unknown}")


class CountriesFile(_Strict):
    """countries.yaml: country names per language, office holders, Japanese abbreviations, place names."""
    countries: dict[CountryCode, WordsByLang]
    people: dict[CountryCode, list[Word]]
    ja_abbreviations: dict[str, CountryCode]
    ja_not_after: str
    ja_not_words: list[Word]
    places: WordsByLang


class EventCuesFile(_Strict):
    """event_cues.yaml: cue regexes per language, city names and the locative phrase around them."""
    plan_documents: RegexesByLang
    intent: RegexesByLang
    retrospective: RegexesByLang
    places: dict[str, WordsByLang]
    locative: dict[Lang, Regex]


class GeneralPattern(_Strict):
    # a mention type, or how extractors/general_matcher.py reads the type off the match's keyword
    label: MentionType | Literal["keyworded", "keyworded_first", "headed"]
    pattern: list[dict[str, Any] | str]  # spaCy Matcher tokens, or a shorthand's name


class GeneralFile(_Strict):
    """general.yaml: spaCy token patterns for names the gazetteer lacks, and the words that shape them."""
    shorthands: dict[str, dict[str, Any]]
    join_words: WordsByLang
    keyword_types: dict[str, MentionType | Literal["paired_dialogue"]]  # paired: 首脳会談 of two leaders
    frame_words: list[Word]
    keyword_after: dict[str, list[Word]]
    tail_words: WordsByLang
    cut_before: WordsByLang
    strip_trailing: WordsByLang
    strip_leading: WordsByLang
    minimum_name_tokens: dict[Lang, int]
    patterns: dict[Lang, list[GeneralPattern]]


class ListShape(_Strict):
    """How a list of areas looks in one language (extractors/field_cues.py): a field inside one is not reported."""
    window: int = Field(ge=1)
    adjacent: int = Field(ge=0)
    separators: Regex
    min: int = Field(ge=2)
    etc: Regex


class FieldCues(_Strict):
    """linking.yaml ``fields``: words of working together, words that pair the two countries, list shapes."""
    work: RegexesByLang
    pair: RegexesByLang
    list: dict[Lang, ListShape]


class LinkingFile(_Strict):
    """linking.yaml: the linker's cue regexes per language, generic words, places implying a country."""
    agreed: RegexesByLang
    together: RegexesByLang
    background: RegexesByLang
    generic: WordsByLang
    history: RegexesByLang
    event: RegexesByLang
    implies: dict[CountryCode, WordsByLang]
    multilateral: RegexesByLang
    fields: FieldCues
    anniversary: RegexesByLang


SCHEMAS: dict[str, type[BaseModel]] = {"actions.yaml": ActionsFile, "countries.yaml": CountriesFile,
                                       "event_cues.yaml": EventCuesFile, "general.yaml": GeneralFile,
                                       "linking.yaml": LinkingFile}


def read_patterns(path: Path | str) -> dict:
    """The mapping of pattern file ``path`` (its model chosen by file name), validated once per content.

    Raises ConfigFileError (unreadable, not YAML, or a field that does not validate).
    """
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ConfigFileError(f"{path}: cannot read: {exc.strerror or exc}") from exc
    return copy.deepcopy(_validated(str(path), raw))  # callers may change their copy; the cache keeps its own


@lru_cache(maxsize=16)
def _validated(path_str: str, raw: bytes) -> dict:
    path = Path(path_str)
    try:
        data = yaml.safe_load(raw.decode("utf-8"))
    except (UnicodeDecodeError, yaml.YAMLError) as exc:
        raise ConfigFileError(f"{path}: not valid YAML: {exc}".replace("\n", " ")) from exc
    if not isinstance(data, dict):
        raise ConfigFileError(f"{path}: expected a mapping at the top level")
    schema = SCHEMAS.get(path.name)
    if schema is not None:
        try:
            schema.model_validate(data)
        except ValidationError as exc:
            raise first_problem(path, exc) from None
    return data
