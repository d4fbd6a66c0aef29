"""Helpers the tests share (plain functions and data, imported as ``tests.support.<module>``); fixtures live in
the conftest.py files: tests/conftest.py for those of several stages, tests/<stage>/conftest.py for one stage's."""
