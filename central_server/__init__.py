"""Miz central server: FastAPI over PostgreSQL (SQLite as the embedded default).

It holds every office's data in the same tables as the workstations
(``desktop_app.models``) plus its own (``central_server.models``), takes pushes of
workstation outboxes exactly once and serves pulls ordered by commit. Stateless:
run several workers on one PostgreSQL. See ``docs/sync.md``.
"""
