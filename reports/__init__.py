"""Reports and read models over the database: the export (csv, json, md, html), report text, chart geometry,
the progress summary, and the read-only queries the UI pages show. Used by the CLI, the demo and the UI."""
