"""One Prefect global concurrency limit per site host, so overlapping runs take turns on each site.

Limits are named ``host:<netloc>`` (``pipeline_state.host_limit_name``). ``roadmap deploy`` and
``roadmap serve`` create one for every source they know and prune those no source uses any more;
an ingest run creates its host's limit if it is missing (an ad hoc source, a source added since
the last deploy), so no run ever reads a site without a slot.

A slot is held with a lease the holder keeps renewing; if the holder dies (a lost worker) the
slot frees itself when the lease runs out. The lease is sized to the source's politeness delay,
not minutes: the Prefect server's minimum (60 s) unless the delay between requests is long.
"""
from __future__ import annotations

from prefect.client.orchestration import get_client
from prefect.exceptions import ObjectAlreadyExists, ObjectNotFound

from pipeline.pipeline_state import host_limit_name

HOST_PREFIX = "host:"
SLOTS_PER_HOST = 1
MIN_LEASE_SECONDS = 60.0  # the Prefect server refuses shorter leases
LEASE_DELAYS = 10  # a live holder renews long before this many polite delays pass


def lease_seconds(politeness: float) -> float:
    """How long a host slot stays held after its holder stops renewing it (a crashed worker)."""
    return max(MIN_LEASE_SECONDS, LEASE_DELAYS * politeness)


def host_limit_names(urls) -> list[str]:
    """The host limits that reading ``urls`` needs, sorted, without duplicates."""
    return sorted({host_limit_name(url) for url in urls})


def ensure_host_limit(url: str, *, client=None) -> str:
    """Create the limit for ``url``'s host unless it exists (an operator's changed limit is kept); returns its name."""
    name = host_limit_name(url)
    if client is None:
        with get_client(sync_client=True) as own:
            return ensure_host_limit(url, client=own)
    from prefect.client.schemas.actions import GlobalConcurrencyLimitCreate

    try:
        client.read_global_concurrency_limit_by_name(name)
    except ObjectNotFound:
        try:
            client.create_global_concurrency_limit(GlobalConcurrencyLimitCreate(name=name, limit=SLOTS_PER_HOST))
        except ObjectAlreadyExists:  # another run created it at the same moment
            pass
    return name


def sync_host_limits(urls) -> tuple[list[str], list[str]]:
    """Ensure a limit for every host of ``urls`` and delete ``host:`` limits no URL needs.

    Returns (the names kept or created, the names deleted). A limit whose slots are held right
    now is kept even if unused, so a run in progress keeps its turn.
    """
    wanted = host_limit_names(urls)
    removed = []
    with get_client(sync_client=True) as client:
        for url in sorted(set(urls)):
            ensure_host_limit(url, client=client)
        for limit in _all_limits(client):
            if limit.name.startswith(HOST_PREFIX) and limit.name not in wanted and not limit.active_slots:
                client.delete_global_concurrency_limit_by_name(limit.name)
                removed.append(limit.name)
    return wanted, removed


def _all_limits(client, page: int = 200) -> list:
    limits, offset = [], 0
    while True:
        batch = client.read_global_concurrency_limits(limit=page, offset=offset)
        limits.extend(batch)
        if len(batch) < page:
            return limits
        offset += page
