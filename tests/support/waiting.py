"""One way for tests to wait: poll a condition until it holds, with a deadline (never a bare sleep)."""
from __future__ import annotations

import subprocess
import time
from pathlib import Path
from typing import Callable, TypeVar

T = TypeVar("T")


class WaitFailed(AssertionError):
    """The condition did not hold in time, or the process it waited on ended first."""


def wait_until(condition: Callable[[], T], *, timeout: float, what: str, interval: float = 0.2,
               proc: subprocess.Popen | None = None, log: Path | None = None) -> T:
    """``condition()``'s first truthy value, asked every ``interval`` seconds.

    Raises WaitFailed naming ``what`` after ``timeout`` seconds, or as soon as ``proc`` (a process the
    condition depends on) has ended; the message ends with the tail of ``log``, or of ``proc``'s output
    when it ended and was piped.
    """
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if proc is not None and proc.poll() is not None:
            raise WaitFailed(f"the process ended (exit {proc.returncode}) before {what}{_tail(proc, log)}")
        if time.monotonic() > deadline:
            raise WaitFailed(f"timed out after {timeout:g} s waiting for {what}{_tail(proc, log)}")
        time.sleep(interval)  # polling a condition with a deadline


def _tail(proc: subprocess.Popen | None, log: Path | None) -> str:
    if log is not None and log.exists():
        text = log.read_text(errors="replace")
    elif proc is not None and proc.poll() is not None and proc.stdout is not None:
        out = proc.stdout.read()
        text = out.decode(errors="replace") if isinstance(out, bytes) else out
    else:
        return ""
    return ":\n" + text[-3000:]
