"""wait_until returns the condition's first truthy value and fails with what it waited for."""
from __future__ import annotations

import subprocess
import sys

import pytest

from tests.support.waiting import WaitFailed, wait_until


def test_returns_the_first_truthy_value():
    answers = iter([None, 0, [], ["ready"], ["later"]])
    assert wait_until(lambda: next(answers), timeout=30, what="an answer", interval=0) == ["ready"]


def test_names_what_it_waited_for_when_time_runs_out():
    with pytest.raises(WaitFailed, match="timed out after 0.05 s waiting for the moon"):
        wait_until(lambda: False, timeout=0.05, what="the moon", interval=0.01)


def test_stops_when_the_process_ends_and_quotes_its_output():
    proc = subprocess.Popen([sys.executable, "-c", "print('gave up early')"], stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT)
    proc.wait(timeout=60)
    with pytest.raises(WaitFailed, match=r"ended \(exit 0\) before the page(.|\n)*gave up early"):
        wait_until(lambda: False, timeout=600, what="the page", proc=proc)


def test_quotes_the_log_when_given(tmp_path):
    log = tmp_path / "serve.log"
    log.write_text("starting\nport in use\n")
    with pytest.raises(WaitFailed, match="port in use"):
        wait_until(lambda: False, timeout=0, what="a server", log=log)
