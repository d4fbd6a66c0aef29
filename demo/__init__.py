"""``roadmap demo``: the whole pipeline on bundled sample sites, offline (run.py); the CLI prints its results."""
