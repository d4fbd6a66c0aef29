"""What every benchmark prints first: the machine it ran on and the command that ran it."""
from __future__ import annotations

import os
import platform
import resource
import shlex
import sys


def describe_machine() -> str:
    """One line: CPUs, memory, load, Python and platform."""
    mem_gb = "?"
    try:
        with open("/proc/meminfo") as f:
            kb = int(next(line for line in f if line.startswith("MemTotal")).split()[1])
        mem_gb = f"{kb / 1024 / 1024:.1f} GB"
    except (OSError, StopIteration, ValueError):
        pass
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    return (f"machine: nproc={os.cpu_count()} memory={mem_gb} load(1/5/15 min)={load} "
            f"python={platform.python_version()} {platform.system()} {platform.machine()}")


def print_header(title: str) -> None:
    """Print the bench's title, the machine and the exact command."""
    print(f"== {title}")
    print(describe_machine())
    print("command: " + " ".join(shlex.quote(a) for a in [os.path.basename(sys.executable), *sys.argv]))


def peak_rss_mb() -> float:
    """This process's peak resident memory so far, in MB (Linux reports ru_maxrss in KB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
