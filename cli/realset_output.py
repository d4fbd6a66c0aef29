"""The table form of ``roadmap evaluate --set`` (the report dict of evaluation.realset_score)."""
from __future__ import annotations

from rich.console import Console
from rich.table import Table


def print_realset(report: dict, *, worst: int = 15) -> None:
    console = Console()
    console.print(f"cases: {report['cases']} ({report['negatives']} negatives)")
    mentions = Table(title="Labelled mentions found by extraction (overlap, any type)")
    for col in ("lang", "type", "labelled", "found", "recall"):
        mentions.add_column(col)
    for row in report["mentions"]:
        mentions.add_row(*(str(row[c]) for c in ("lang", "type", "labelled", "found", "recall")))
    console.print(mentions)
    console.print(f"extracted type agrees with the label on {report['mention_type_agreement']} of found mentions; "
                  "action agreement: " + (f"{report['action_agreement']} on {report['action_pairs']} labelled"
                                          if report["action_pairs"] else "no actions labelled in this set"))
    links = Table(title="Suggested links, section level")
    for col in ("lang", "tp", "fp", "fn", "precision", "recall"):
        links.add_column(col)
    for lang, c in [*report["sections_by_lang"].items(), ("all", report["sections"])]:
        links.add_row(lang, *(str(c[k]) for k in ("tp", "fp", "fn", "precision", "recall")))
    console.print(links)
    console.print(f"negatives linked: {report['negatives_linked']} of {report['negatives']}")
    for n in report["negative_links"]:
        console.print(f"  {n['case']} -> {n['commitment']} ({n['score']}): {n['rationale']}", markup=False)
    console.print(f"worst cases (of {len(report['worst_misses'])} with a missed or extra section):")
    for miss in report["worst_misses"][:worst]:
        for m in miss["missed"]:
            console.print(f"  {miss['case']} ({miss['lang']}) missed {m['section']} [{m['hint']}] "
                          f"{m['mentions']}: {m['why']}", markup=False)
        for e in miss["extra"]:
            console.print(f"  {miss['case']} ({miss['lang']}) extra {e['section']} via {e['commitment']} "
                          f"({e['score']}): {e['rationale']}", markup=False)
