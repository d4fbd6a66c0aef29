"""The argon2 hasher for account passwords: argon2-cffi's defaults (RFC 9106 low-memory profile) with
the configured memory cost. Under pytest, and only when the tests ask with TEST_CHEAP_HASHES, it uses
argon2-cffi's cheapest parameters instead: tests sign in thousands of times, and verifying reads the
parameters from each stored hash, so nothing else changes.
"""
from __future__ import annotations

import os

from argon2 import PasswordHasher, profiles

TEST_CHEAP_HASHES = "ROADMAP_TEST_CHEAP_PASSWORD_HASHES"


def under_tests() -> bool:
    """Whether this process runs a pytest test (pytest sets PYTEST_CURRENT_TEST for each test, and
    servers a test starts inherit it)."""
    return "PYTEST_CURRENT_TEST" in os.environ


def password_hasher(*, memory_kib: int) -> PasswordHasher:
    """The hasher for new hashes, costing ``memory_kib`` KiB each; the cheapest one when a test set
    TEST_CHEAP_HASHES=1 (ignored outside tests, so a stray variable cannot weaken production hashes)."""
    if os.environ.get(TEST_CHEAP_HASHES) == "1" and under_tests():
        return PasswordHasher.from_parameters(profiles.CHEAPEST)
    return PasswordHasher(memory_cost=memory_kib)
