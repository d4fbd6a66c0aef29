"""Reading the events a Prefect API holds (the flow tests' harness, or a served one)."""
from __future__ import annotations


def read_events(name: str, *, resource_ids: list[str] | None = None) -> list[dict]:
    """Events called ``name`` the Prefect API holds (at most 50, newest first), optionally for these resources."""
    from prefect.client.orchestration import get_client

    flt: dict = {"event": {"name": [name]}, "order": "DESC"}
    if resource_ids:
        flt["resource"] = {"id": list(resource_ids)}
    with get_client(sync_client=True) as client:
        response = client.request("POST", "/events/filter", json={"filter": flt, "limit": 50})
    return response.json()["events"]
