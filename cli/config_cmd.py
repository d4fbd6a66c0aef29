"""``roadmap config check``: every configuration file validated, and the checks that span files.

One line per problem on stdout, exit code 1 when there is any; CI runs it before the tests.
"""
from __future__ import annotations

import re
from pathlib import Path

import typer
import yaml
from rich.console import Console
from rich.markup import escape

from config.config_errors import ConfigFileError

console = Console(highlight=False, soft_wrap=True)
config_app = typer.Typer(help="Check the configuration files.", no_args_is_help=True)
PATTERN_LANGUAGES = ("ja", "en", "fr")
TRANSLATIONS = ("en", "fr")
# What a broken pattern file raises while its finders are built: bad YAML, a missing key, a bad regex.
PATTERN_ERRORS = (ValueError, KeyError, TypeError, AttributeError, re.error, yaml.YAMLError, OSError)


def source_checks() -> list[str]:
    from sources.config import source_problems

    return source_problems()


def entity_checks(commitment_ids: set[str] | None) -> list[str]:
    """Bad gazetteer entries, and commitments named by an entity that the roadmap does not have."""
    from config.entities import entity_problems, load_entities
    from config.settings import get_settings

    problems = entity_problems()
    if problems or commitment_ids is None:
        return problems
    path = get_settings().entities_file
    return [f"{path}: entity {ent.id!r}: field 'commitments' names {cid!r}, which the roadmap does not have"
            for ent in load_entities() for cid in ent.commitments if cid not in commitment_ids]


def roadmap_checks() -> tuple[list[str], set[str] | None]:
    """Problems of the roadmap folder (meta, text, translations, annotations) and its commitment ids."""
    from config.roadmap_data import RoadmapConfigError, load_bundle
    from config.roadmap_parser import RoadmapFormatError
    from config.settings import get_settings

    folder = Path(get_settings().roadmap_dir)
    try:
        bundle = load_bundle(folder, entities_file=Path("/nonexistent"))  # entities are checked on their own
    except (RoadmapConfigError, RoadmapFormatError) as exc:
        return [str(exc)], None
    ids = {c.cid for c in bundle.parsed.commitments}
    sections = {c.section for c in bundle.parsed.commitments} | {c.chapter for c in bundle.parsed.commitments}
    problems = []
    for lang in TRANSLATIONS:
        if lang not in bundle.translations:
            problems.append(f"{folder}/meta.yaml: field 'translations' has no {lang!r} translation")
            continue
        tr = bundle.translations[lang]
        missing = sorted(cid for cid in ids if not bundle.translated(cid, lang).strip())
        if missing:
            problems.append(f"{folder}: {lang} translation lacks {len(missing)} commitments: {', '.join(missing)}")
        unknown = sorted(set(map(str, tr.get("commitments") or {})) - ids)
        if unknown:
            problems.append(f"{folder}: {lang} translation has commitments the roadmap lacks: {', '.join(unknown)}")
        unknown_sections = sorted(set(map(str, tr.get("sections") or {})) - sections)
        if unknown_sections:
            problems.append(f"{folder}: {lang} translation has sections the roadmap lacks: "
                            f"{', '.join(unknown_sections)}")
    unannotated = sorted(set(map(str, bundle.annotations)) - ids)
    if unannotated:
        problems.append(f"{folder}: annotations name commitments the roadmap lacks: {', '.join(unannotated)}")
    return problems, ids


def pattern_checks() -> list[str]:
    """Every pattern file validated by its model, then its finders built for every language."""
    from extractors.actions import ACTIONS_FILE, action_finder
    from extractors.countries import COUNTRIES_FILE, country_finder, pair_prefix_pattern
    from extractors.cues import CUES_FILE, cue_finder, place_pattern
    from extractors.event_cues import EVENT_CUES_FILE, event_cues
    from extractors.patterns import GENERAL_FILE, general_patterns
    from extractors.subject import subject_cues

    from config.patterns_schema import read_patterns

    builders = [(ACTIONS_FILE, action_finder), (ACTIONS_FILE, subject_cues), (COUNTRIES_FILE, country_finder),
                (COUNTRIES_FILE, pair_prefix_pattern), (EVENT_CUES_FILE, event_cues), (GENERAL_FILE, general_patterns),
                (CUES_FILE, cue_finder), (CUES_FILE, place_pattern)]
    problems, broken = [], set()
    for path in dict.fromkeys(path for path, _build in builders):
        try:
            read_patterns(path)
        except ConfigFileError as exc:
            problems.append(str(exc))
            broken.add(path)
    for path, build in builders:
        for lang in PATTERN_LANGUAGES if path not in broken else ():
            try:
                build(lang, str(path))
            except PATTERN_ERRORS as exc:
                problems.append(f"{path}: {lang} ({build.__name__}): {type(exc).__name__}: {exc}".replace("\n", " "))
    return problems


def check_configuration() -> list[str]:
    """Every problem of the configuration, one line each ([] when it is sound)."""
    roadmap_problems, commitment_ids = roadmap_checks()
    return source_checks() + roadmap_problems + entity_checks(commitment_ids) + pattern_checks()


@config_app.command("check")
def check() -> None:
    """Validate sources, entities, patterns and the roadmap, and the links between them; exit 1 on any problem."""
    problems = check_configuration()
    for line in problems:
        console.print(escape(line))
    if problems:
        raise SystemExit(1)  # run_cli turns it into the exit code (typer.Exit is swallowed outside standalone mode)
    console.print("configuration ok: sources, entities, patterns, roadmap and translations")


def register(app: typer.Typer) -> None:
    app.add_typer(config_app, name="config", help="Check the configuration files (sources, entities, patterns, "
                                                  "roadmap).")
