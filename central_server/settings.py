"""Server settings from the environment (pydantic-settings): ``MIZ_DATABASE_URL`` …

Any thread (read once per process).
"""

from __future__ import annotations

from pydantic_settings import BaseSettings, SettingsConfigDict


class ServerSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="MIZ_")

    #: ``postgresql://user@host/db`` in production; a SQLite file runs out of the box.
    database_url: str = "sqlite:///miz-server.sqlite3"
    #: Hours a one-time enrollment code stays valid.
    enrollment_hours: int = 72
    #: Request threads of one uvicorn worker, and its database connections (a pool of
    #: as many, so no request waits for a connection); see installer/server/README.md.
    threads: int = 16
    #: Push groups one worker writes at once on PostgreSQL (``central_server.group_commit``:
    #: each group is one transaction; they wait for each other only to be numbered and
    #: committed). SQLite has one writer: always 1 there. Two: bigger groups than four
    #: (a third less CPU a push on 2 cores, issue 22), yet one judges while the other
    #: waits for the change-log lock.
    push_writers: int = 2
    #: Most rows in one pull page.
    page_limit: int = 1000
    #: Authenticity inquiries (``/certificates/inquiry``) one client may make per window.
    inquiry_limit: int = 30
    #: The rate limit's window, in seconds.
    inquiry_window_seconds: int = 60
    #: Largest request body in bytes (413 above it); the workstation keeps its batches
    #: well below (``sync.client.MAX_BATCH_BYTES``).
    max_body_bytes: int = 16 * 1024 * 1024
    #: Failed enrollments (``/sync/enroll``) one client IP may make per window; then 429.
    enroll_failure_limit: int = 10
    #: The enrollment limit's window, in seconds.
    enroll_window_seconds: int = 900
    #: Reverse proxies whose ``X-Forwarded-For`` is believed (addresses or networks,
    #: comma-separated: ``MIZ_TRUSTED_PROXIES=127.0.0.1,::1``); empty: the peer address
    #: is the client. Rate limits key on that address (``central_server.clients``).
    trusted_proxies: str = ""
    #: A first sync of an office whose change log holds more records than this fetches
    #: one compressed snapshot instead of pages (``central_server.snapshot``); 0: never.
    snapshot_min_rows: int = 2000
    #: Where built snapshots are kept, one per device (empty: the system's temp folder).
    snapshot_folder: str = ""
