"""The central server (FastAPI on PostgreSQL) that workstations sync with.

Not built yet (issue "The central server and offline-first sync"); it will share
``desktop_app.models`` with the workstation and add server-only tables.
"""
