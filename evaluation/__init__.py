"""Quality on labelled sets: mention extraction (extraction.py), linking (linking.py), the held-out sets
(heldout.py) and real labelled releases (realset*.py). Our own sets ship as package data (bundled_sets.py)."""
