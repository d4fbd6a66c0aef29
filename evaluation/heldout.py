"""Held-out evaluation: extraction and linking on ``evaluation/data/heldout/{dev,final}``.

The YAML files of each set are the single source of truth (texts, gold mentions, gold commitments,
``negative``); ``links.jsonl`` beside them is generated from them in the format `roadmap
evaluate-links` reads (title = first line of the release, text = the rest).

    python -m evaluation.heldout write-links          # regenerate both links.jsonl files
    python -m evaluation.heldout run dev              # figures (and per-example errors) for dev
    python -m evaluation.heldout run final            # figures only: counts, no per-example errors

The sets are for measuring, not tuning: `final` deliberately prints no per-example errors.
"""
from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

import yaml

from evaluation.bundled_sets import HELDOUT_DIR

SETS = ("dev", "final")
NOTE = "Sample written for Roadmap Monitor held-out evaluation; not a real release"


def link_records(set_dir: Path) -> list[dict]:
    """The `evaluate-links` records of one held-out set, built from its YAML files."""
    records = []
    for path in sorted(set_dir.glob("*.yaml")):
        for doc in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("documents") or []:
            title, _, body = doc["text"].partition("\n")
            records.append({"id": doc["id"], "lang": doc["lang"], "title": title.strip(), "text": body.strip(),
                            "commitments": list(doc.get("commitments") or []),
                            "hard_negative": bool(doc.get("negative")), "site": doc.get("site"),
                            "sample": True, "note": NOTE})
    return records


def render_links(records: list[dict]) -> str:
    """The JSON-lines text of ``records`` (one record per line, UTF-8 kept readable)."""
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)


def write_links() -> None:
    """Regenerate ``links.jsonl`` in every held-out set."""
    for name in SETS:
        set_dir = HELDOUT_DIR / name
        (set_dir / "links.jsonl").write_text(render_links(link_records(set_dir)), encoding="utf-8")


def run(name: str) -> None:
    """Print extraction and linking figures for one set (per-example errors for `dev` only)."""
    from evaluation.extraction import evaluate, load_devset
    from evaluation.linking import evaluate_linking

    set_dir = HELDOUT_DIR / name
    report = evaluate(load_devset(set_dir)).as_dict()
    print(f"== extraction on {name} ==")
    for row in report["scores"]:
        print("  {lang} {type:<10} tp {tp:>3} fp {fp:>3} fn {fn:>3}  P {precision}  R {recall}".format(**row))
    tot = Counter()
    for row in report["scores"]:
        tot.update({k: row[k] for k in ("tp", "fp", "fn")})
    print(f"  all: tp {tot['tp']} fp {tot['fp']} fn {tot['fn']}  "
          f"P {tot['tp'] / max(1, tot['tp'] + tot['fp']):.3f}  R {tot['tp'] / max(1, tot['tp'] + tot['fn']):.3f}")
    print(f"  canonical {report['canonical_accuracy']}  action {report['action_accuracy']}  "
          f"countries {report['countries_accuracy']}  (on {report['matched']} matched)")
    print(f"  hard negatives: {report['negative_documents']} docs, "
          f"{len(report['negative_jp_ca_mentions'])} mentions attributed to Japan-Canada")
    kinds = Counter(e["kind"] for e in report["errors"])
    print(f"  errors by kind: {dict(sorted(kinds.items()))}")
    if name != "final":
        for e in report["errors"]:
            print("   ", json.dumps(e, ensure_ascii=False, default=str))
        for e in report["negative_jp_ca_mentions"]:
            print("    negative:", json.dumps(e, ensure_ascii=False))
    links = evaluate_linking(set_dir / "links.jsonl")
    print(f"== linking on {name} ==")
    lines = links.lines()
    if name == "final":  # counts only: drop the per-document lines
        lines = [ln for ln in lines if not ln.startswith("  ") or ln.lstrip().split(":")[0] in ("en", "fr", "ja")]
        lines.append(f"  missed {sum(' missed ' in e for e in links.errors)}, "
                     f"extra {sum(' extra ' in e for e in links.errors)}")
    print("\n".join(lines))


def main(argv: list[str]) -> int:
    """``write-links`` or ``run dev|final``."""
    if argv[:1] == ["write-links"]:
        write_links()
        return 0
    if len(argv) == 2 and argv[0] == "run" and argv[1] in SETS:
        run(argv[1])
        return 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
