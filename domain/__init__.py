"""Domain rules, pure functions on plain data (no database, no Prefect, no web): which reports are one event
(event_rules.py), what accepted evidence says about a commitment's progress (progress_rules.py), and the
fingerprints that tell a re-published release from a new one (fingerprints.py). ``models/`` applies them
to stored rows."""
