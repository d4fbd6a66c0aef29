"""Production hashes keep argon2-cffi's RFC 9106 parameters; only tests that ask get the cheapest ones."""
from __future__ import annotations

from argon2 import PasswordHasher, profiles

from config.settings import Settings
from models import users
from models.password_hasher import TEST_CHEAP_HASHES, password_hasher


def _parameters(hasher: PasswordHasher) -> tuple[int, int, int, int, int]:
    return hasher.time_cost, hasher.memory_cost, hasher.parallelism, hasher.hash_len, hasher.salt_len


RFC = profiles.RFC_9106_LOW_MEMORY
CHEAPEST = profiles.CHEAPEST
PRODUCTION = (RFC.time_cost, RFC.memory_cost, RFC.parallelism, RFC.hash_len, RFC.salt_len)


def test_production_hasher_is_argon2_rfc_9106_with_64_mib(monkeypatch):
    monkeypatch.delenv("ROADMAP_PASSWORD_HASH_MEMORY_KIB", raising=False)
    monkeypatch.delenv("PYTEST_CURRENT_TEST")  # as in production
    monkeypatch.setenv(TEST_CHEAP_HASHES, "1")  # a stray variable changes nothing outside tests
    memory = Settings().password_hash_memory_kib
    assert memory == 65536
    assert _parameters(password_hasher(memory_kib=memory)) == PRODUCTION == (3, 65536, 4, 32, 16)


def test_tests_get_the_cheapest_parameters_only_when_they_ask(monkeypatch):
    monkeypatch.setenv(TEST_CHEAP_HASHES, "1")
    assert _parameters(password_hasher(memory_kib=65536)) == (1, 8, 1, 4, 8)
    monkeypatch.delenv(TEST_CHEAP_HASHES)
    assert _parameters(password_hasher(memory_kib=65536)) == PRODUCTION


def test_this_session_hashes_cheaply_and_verifies_either_kind():
    assert _parameters(users._hasher()) == (CHEAPEST.time_cost, CHEAPEST.memory_cost, CHEAPEST.parallelism,
                                             CHEAPEST.hash_len, CHEAPEST.salt_len)
    cheap = users._hasher().hash("a long enough passphrase")
    assert PasswordHasher().verify(cheap, "a long enough passphrase")  # the parameters travel in the hash
