"""Benchmarks: each prints the machine, the command and measured figures (never asserted)."""
