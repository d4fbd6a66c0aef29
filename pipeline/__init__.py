"""The plain pipeline: ingest (fetch, parse, store), process (extract, link), ad hoc onboarding. No Prefect here;
``flows/`` wraps these functions in tasks and flows."""
