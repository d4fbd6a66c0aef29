"""What every benchmark prints first: the machine it ran on and the command that ran it."""
from __future__ import annotations

import os
import platform
import resource
import shlex
import sys


def describe_machine() -> str:
    """One line: CPUs, memory, load, Python and platform."""
    m = machine()
    load = ", ".join(f"{x:.2f}" for x in m["load_1_5_15"])
    return (f"machine: nproc={m['nproc']} memory={m['memory_gb'] or '?'} GB load(1/5/15 min)={load} "
            f"python={m['python']} {m['platform']}")


def machine() -> dict:
    """The machine as data, for a bench's JSON: CPUs, memory, load, Python, platform."""
    mem_gb = None
    try:
        with open("/proc/meminfo") as f:
            mem_gb = round(int(next(line for line in f if line.startswith("MemTotal")).split()[1]) / 1024 / 1024, 1)
    except (OSError, StopIteration, ValueError):
        pass
    return {"nproc": os.cpu_count(), "memory_gb": mem_gb, "load_1_5_15": [round(x, 2) for x in os.getloadavg()],
            "python": platform.python_version(), "platform": f"{platform.system()} {platform.machine()}"}


def bench_command(module: str, argv: list[str] | None = None) -> str:
    """The command that runs ``module`` (``bench.bench_match``) with ``argv`` (default: this process's
    arguments): what a reader re-runs, even when the bench ran inside ``python -m bench``."""
    args = sys.argv[1:] if argv is None else argv
    return " ".join(["python", "-m", module, *(shlex.quote(a) for a in args)])


def print_header(title: str, *, module: str, argv: list[str] | None = None) -> None:
    """Print the bench's title, the machine and the exact command that runs this bench."""
    print(f"== {title}")
    print(describe_machine())
    print("command: " + bench_command(module, argv))


def peak_rss_mb() -> float:
    """This process's peak resident memory so far, in MB (Linux reports ru_maxrss in KB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
