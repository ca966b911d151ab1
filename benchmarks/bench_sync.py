"""Sync speed next to the floor (the same rows written with plain SQL), as ratios.

- first sync: workstation A pushes N new places, then a new workstation B pulls them
  all (pages of 1,000) — each compared with plain ``executemany`` of N rows into
  SQLite;
- incremental: A edits 100 places and syncs, B syncs — compared with 100 plain
  ``UPDATE``s;
- sustained pushes: W simulated workstations (threads) push one mutation per request —
  mutations per second next to plain single-row INSERT transactions on the server
  database.

The server runs in-process (FastAPI TestClient transport) on SQLite by default or on
``--database-url postgresql://…`` (a database you created and migrated).

    python benchmarks/bench_sync.py [--rows 100000] [--workstations 50] [--database-url URL]
"""

from __future__ import annotations

import argparse
import sqlite3
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import text

from central_server import admin, sync_service
from central_server.db import make_engine, migrate
from desktop_app.models import Place
from desktop_app.sync.protocol import Mutation, PushRequest
from tests.sync.conftest import Harness


def _floor_inserts(folder: Path, rows: int) -> float:
    conn = sqlite3.connect(folder / "floor.sqlite3")
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=FULL")
    conn.execute(
        "CREATE TABLE places (id TEXT PRIMARY KEY, name TEXT, code TEXT, city TEXT, version INT)"
    )
    data = [(str(uuid.uuid4()), f"مرکز {i}", f"c{i}", "گرگان", 1) for i in range(rows)]
    start = time.perf_counter()
    with conn:
        conn.executemany("INSERT INTO places VALUES (?, ?, ?, ?, ?)", data)
    elapsed = time.perf_counter() - start
    start = time.perf_counter()
    with conn:
        for row in data[:100]:
            conn.execute("UPDATE places SET city = 'ساری', version = 2 WHERE id = ?", (row[0],))
    conn.close()
    return elapsed, time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--workstations", type=int, default=50)
    parser.add_argument("--pushes", type=int, default=20, help="pushes per workstation")
    parser.add_argument("--database-url", default="")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="miz-bench-sync-"))
    url = args.database_url or f"sqlite:///{folder / 'server.sqlite3'}"
    engine = make_engine(url)
    migrate(engine)
    engine.dispose()
    harness = Harness(url, folder)
    a, sync_a, _ = harness.workstation("a", "C11")
    _b, sync_b, _ = harness.workstation("b", "C11")
    sync_a.page_size = sync_b.page_size = 1000
    sync_a.batch_size = 500

    with a.session() as s:
        s.add_all(Place(name=f"مرکز {i}", code=f"c{i}", city="گرگان") for i in range(args.rows))
    start = time.perf_counter()
    sync_a.run()
    push_all = time.perf_counter() - start
    start = time.perf_counter()
    sync_b.run()
    pull_all = time.perf_counter() - start

    with a.session() as s:
        for place in s.query(Place).limit(100):
            place.city = "ساری"
    start = time.perf_counter()
    sync_a.run()
    sync_b.run()
    incremental = time.perf_counter() - start

    floor_bulk, floor_update = _floor_inserts(folder, args.rows)

    devices = []
    with harness.sessions() as s, s.begin():
        for _ in range(args.workstations):
            code = admin.enroll_device(s, "C11", "bench")
            device, _t = admin.redeem_code(s, code, uuid.uuid4(), "", "")
            devices.append(device)

    def pusher(device) -> None:
        for seq in range(1, args.pushes + 1):
            body = PushRequest(
                mutations=[
                    Mutation(
                        mutation_id=uuid.uuid4(),
                        seq=seq,
                        table="places",
                        record_id=uuid.uuid4(),
                        op="insert",
                        fields={"name": "x", "code": uuid.uuid4().hex[:12]},
                    )
                ]
            )
            with harness.sessions() as s, s.begin():
                sync_service.push(s, device, body)

    threads = [threading.Thread(target=pusher, args=(d,)) for d in devices]
    start = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    total = args.workstations * args.pushes
    rate = total / (time.perf_counter() - start)
    start = time.perf_counter()
    for _ in range(total):
        with harness.engine.begin() as conn:
            conn.execute(
                text(
                    "INSERT INTO offices (code, name, level, created_at) VALUES (:c, '', 'center', '2024-01-01')"
                ),
                {"c": uuid.uuid4().hex[:20]},
            )
    floor_rate = total / (time.perf_counter() - start)
    harness.close()

    backend = "PostgreSQL" if url.startswith("postgres") else "SQLite"
    print(f"server: {backend}; rows: {args.rows:,}")
    print(
        f"first sync push  {push_all:8.2f} s   floor {floor_bulk:6.3f} s   ratio {push_all / floor_bulk:8.1f}"
    )
    print(
        f"first sync pull  {pull_all:8.2f} s   floor {floor_bulk:6.3f} s   ratio {pull_all / floor_bulk:8.1f}"
    )
    print(
        f"100 changes      {incremental:8.2f} s   floor {floor_update:6.3f} s   ratio {incremental / floor_update:8.1f}"
    )
    print(
        f"pushes/s ({args.workstations} workstations) {rate:8.0f}   floor {floor_rate:8.0f}/s   "
        f"ratio {floor_rate / rate:6.1f}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
