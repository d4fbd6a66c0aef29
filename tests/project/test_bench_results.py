"""Benches record their figures as JSON, and bench/RESULTS.md's tables are generated from that JSON."""
from __future__ import annotations

import json

from bench.machine import bench_command
from bench.results import BEGIN, END, record, render, update_results_md

MD = "# Benchmark results\n\nIntro by hand.\n\n## 7 December 2026\n\nProse by hand.\n"


def test_a_bench_run_inside_the_umbrella_prints_its_own_command():
    assert bench_command("bench.bench_match", ["--docs", "10"]) == "python -m bench.bench_match --docs 10"
    assert bench_command("bench.soak", ["--log", "a b.log"]) == "python -m bench.soak --log 'a b.log'"


def test_record_writes_figures_with_command_and_machine(tmp_path, monkeypatch):
    monkeypatch.setenv("ROADMAP_BENCH_RESULTS_DIR", str(tmp_path))
    path = record("bench.bench_match", {"en": {"releases_per_cpu_s": 95.2}}, argv=["--docs", "10"])
    data = json.loads(path.read_text(encoding="utf-8"))
    assert path == tmp_path / "bench_match.json"
    assert data["command"] == "python -m bench.bench_match --docs 10"
    assert data["figures"] == {"en": {"releases_per_cpu_s": 95.2}}
    assert data["machine"]["nproc"] >= 1 and data["measured_at"].endswith("+00:00")


def _result(bench: str, figures: dict) -> dict:
    machine = {"nproc": 2, "memory_gb": 23.5, "load_1_5_15": [0.5, 0.4, 0.3], "python": "3.11.7",
               "platform": "Linux x86_64"}
    return {"bench": bench, "command": f"python -m bench.{bench}", "measured_at": "2026-12-07T22:00:00+00:00",
            "commit": "abc1234", "machine": machine, "figures": figures}


def test_tables_put_languages_in_columns_and_groups_in_their_own_table():
    text = render([_result("bench_match", {"en": {"per_s": 95.25}, "ja": {"per_s": 30.3}}),
                   _result("bench_backfill", {"runs": {"2000 releases": {"per_s": 101.3, "stage": {"parse": 9}}},
                                              "db": "sqlite"})])
    assert text.index("### bench_backfill") < text.index("### bench_match")
    assert "| | en | ja |\n|---|---|---|\n| per_s | 95.25 | 30.3 |" in text
    assert "runs:\n\n| | 2000 releases |\n|---|---|\n| per_s | 101.3 |\n| stage / parse | 9 |" in text
    assert "| db | sqlite |" in text and "`python -m bench.bench_match` — 2026-12-07T22:00:00+00:00" in text


def test_results_md_keeps_its_prose_and_regenerates_only_the_tables():
    first = update_results_md(MD, [_result("bench_match", {"en": {"per_s": 1.5}})])
    assert first.startswith("# Benchmark results\n\nIntro by hand.\n\n" + BEGIN)
    assert first.endswith(END + "\n\n## 7 December 2026\n\nProse by hand.\n")
    second = update_results_md(first, [_result("bench_match", {"en": {"per_s": 2.5}})])
    assert "| per_s | 2.5 |" in second and "1.5" not in second
    assert second.count(BEGIN) == 1 and second.endswith("Prose by hand.\n")
