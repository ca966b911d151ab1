"""The three sync rows of issue 22, each as a ratio against a baseline of the same run.

- **first sync**: workstation A pushes N new places, then a new workstation B of the
  same office pulls them all. Baseline: the same rows written with raw bulk SQL — one
  ``executemany`` into a plain copy of the ``places`` table on the server database and
  one into a plain SQLite file (what a workstation holds); the median of three runs.
  The first sync is measured ``--rounds`` times (3), each round on a new server
  database and new workstations with its own baseline: every round's ratio is
  printed and their median is the row's result (a single first sync against a median
  baseline moved by a third with this machine's drift: sessions 11 and 12).
  Past ``MIZ_SNAPSHOT_MIN_ROWS`` (2,000) the new workstation takes the snapshot.
  The CPU seconds of this process (the workstations, every thread, and the server when
  it runs in-process) are printed beside the wall time, and a server process's own:
  steadier on a loaded machine. What the setup loaded is frozen first (``gc.freeze``), as the workstation's loader and each
  server worker do, and Python's cyclic collector runs as in the app (``--collector
  app``: automatic collection off, the due generations collected once a second from
  another thread — ``desktop_app/ui/collector.py``; ``--collector python``: automatic,
  what this benchmark measured until session 9).
- **50 workstations pushing at once**: W threads, each an enrolled workstation with
  its own keep-alive HTTP connection to a real ``miz-server serve --workers N``
  (``--server-workers``, 2 by default: what a 2-core host runs; 0: the in-process app),
  push one insert per request and wait for its answer; only acknowledged, applied
  pushes count. Bodies are built before the clock starts and the client's own CPU per
  push is printed. Baseline: plain one-row INSERT transactions of the same server
  database from W threads.
- **incremental sync of 100 changes**: A edits 100 places and syncs, B syncs (the
  median of three such rounds).
  Baseline: 100 plain ``UPDATE``s on the server copy and on the SQLite file.

The first-sync and incremental rows run against a real ``miz-server serve`` subprocess
(``--server process``, the default: what a clerk meets; ``--server-workers`` uvicorn
workers, at least one) that workstations A and B, enrolled through the in-process app
first, reach over real HTTP on loopback with httpx's own transport (their calls
counted): the workstation and the server then work at once, as on two machines, and
the server process's CPU (its processes, from ``/proc``) is printed beside this
process's. ``--server inprocess``: the FastAPI app through an httpx transport in this
process (routing, authentication, JSON, transactions all real; the workstation's and
the server's CPU strictly serialized), what this benchmark measured until session 10.
On SQLite and/or on PostgreSQL (127.0.0.1:5432: a temporary database is created and
dropped). Print the machine's load (``uptime``) beside the numbers; the machine is
shared and noisy.

    python benchmarks/bench_sync.py [--rows 100000] [--workstations 50] [--pushes 20]
                                    [--backend sqlite|postgres|both] [--server-workers 2]
                                    [--server process|inprocess] [--skip-concurrent]
                                    [--rounds 3]
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import http.client
import os
import shutil
import sqlite3
import statistics
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import httpx
from sqlalchemy import Column, MetaData, Table, create_engine, insert, text, update

from central_server import admin
from central_server.db import make_engine, migrate
from desktop_app.models import Base, Place
from desktop_app.sync.codec import decode_values_checked
from desktop_app.sync.protocol import Mutation, PushRequest
from tests.sync.conftest import PG_ADMIN_URL, FaultyTransport, Harness

GOALS = {"first": 3.0, "incremental_s": 0.3, "pushes_per_s": 500.0}


def _raw_table(engine, name: str) -> Table:
    """A plain copy of ``places`` (same columns and primary key, no indexes)."""
    places = Base.metadata.tables["places"]
    meta = MetaData()
    table = Table(
        name,
        meta,
        *(Column(c.name, c.type, primary_key=c.primary_key) for c in places.columns),
    )
    meta.drop_all(engine)
    meta.create_all(engine)
    return table


def _raw_sqlite(folder: Path, rows: list[dict]) -> tuple[float, float]:
    """Raw sqlite3: bulk insert of the rows, then 100 UPDATEs (the workstation's floor)."""
    conn = sqlite3.connect(folder / "raw-workstation.sqlite3", isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=FULL")
    columns = list(rows[0])
    conn.execute(f"CREATE TABLE places ({', '.join(columns)}, PRIMARY KEY (id))")
    sql = f"INSERT INTO places VALUES ({', '.join('?' for _ in columns)})"
    data = [tuple(str(r[c]) if r[c] is not None else None for c in columns) for r in rows]
    start = time.perf_counter()
    conn.execute("BEGIN")
    conn.executemany(sql, data)
    conn.execute("COMMIT")
    bulk = time.perf_counter() - start
    start = time.perf_counter()
    conn.execute("BEGIN")
    for row in data[:100]:
        conn.execute("UPDATE places SET city = 'ساری', version = 2 WHERE id = ?", (row[0],))
    conn.execute("COMMIT")
    updates = time.perf_counter() - start
    conn.close()
    return bulk, updates


def _raw_server(url: str, rows: list[dict]) -> tuple[float, float]:
    """The same rows with raw bulk SQL on the server database; then 100 UPDATEs."""
    engine = make_engine(url)
    table = _raw_table(engine, "bench_raw_places")
    start = time.perf_counter()
    with engine.begin() as conn:
        conn.execute(insert(table), rows)
    bulk = time.perf_counter() - start
    start = time.perf_counter()
    with engine.begin() as conn:
        for row in rows[:100]:
            conn.execute(
                update(table).where(table.c.id == row["id"]).values(city="ساری", version=2)
            )
    updates = time.perf_counter() - start
    engine.dispose()
    return bulk, updates


def _one_row_transactions(url: str, threads: int, per_thread: int) -> float:
    """Plain one-row INSERT transactions from ``threads`` threads: transactions a second."""
    engine = make_engine(url)
    if not url.startswith("sqlite"):
        engine.dispose()
        engine = create_engine(
            engine.url, pool_size=threads, max_overflow=0
        )  # the floor is not held back by a pool
    table = _raw_table(engine, "bench_raw_tx")

    def work() -> None:
        for _ in range(per_thread):
            with engine.begin() as conn:
                conn.execute(insert(table).values(id=uuid.uuid4(), name="x", code="x", version=1))

    workers = [threading.Thread(target=work) for _ in range(threads)]
    start = time.perf_counter()
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    rate = threads * per_thread / (time.perf_counter() - start)
    engine.dispose()
    return rate


def _concurrent_pushes(
    harness: Harness, workstations: int, pushes: int, server_workers: int = 0
) -> tuple[float, float]:
    """W enrolled workstations, one insert per push, each waiting for its answer before
    the next: (acknowledged pushes a second, the client's CPU seconds per push).
    ``server_workers`` > 0: against a real ``miz-server serve --workers N`` (uvicorn, real
    HTTP on loopback, a keep-alive connection per workstation); 0: the in-process app.
    Every body is built before the clock starts and the client is plain ``http.client``,
    so the client's own CPU (printed) does not limit the figure."""
    tokens = []
    with harness.sessions() as s, s.begin():
        for _ in range(workstations):
            code = admin.enroll_device(s, "C11", "bench")
            _device, token = admin.redeem_code(s, code, uuid.uuid4(), "", "")
            tokens.append(token)
    bodies = [[_push_body(seq) for seq in range(1, pushes + 1)] for _ in tokens]
    errors: list[int] = []
    server = None
    if server_workers:
        from tests.sync.server_process import free_port

        port = free_port()
        server = _serve(harness.url, port, server_workers)

        def pusher(token: str, batch: list[bytes]) -> None:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
            headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
            for body in batch:
                conn.request("POST", "/sync/push", body=body, headers=headers)
                answer = conn.getresponse()
                if b'"status":"applied"' not in answer.read() or answer.status != 200:
                    errors.append(answer.status)
            conn.close()
    else:
        from fastapi.testclient import TestClient

        def pusher(token: str, batch: list[bytes]) -> None:
            with TestClient(harness.app, base_url="https://miz.test") as client:
                for body in batch:
                    answer = client.post(
                        "/sync/push",
                        content=body,
                        headers={
                            "Authorization": f"Bearer {token}",
                            "Content-Type": "application/json",
                        },
                    )
                    if (
                        answer.status_code != 200
                        or answer.json()["results"][0]["status"] != "applied"
                    ):
                        errors.append(answer.status_code)

    threads = [threading.Thread(target=pusher, args=tb) for tb in zip(tokens, bodies, strict=True)]
    cpu = time.process_time()
    start = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    rate = workstations * pushes / (time.perf_counter() - start)
    client_cpu = (time.process_time() - cpu) / (workstations * pushes)
    if server is not None:
        server.terminate()
        server.wait(30)
    if errors:
        print(f"  !! {len(errors)} pushes not applied: {sorted(set(errors))}")
    return rate, client_cpu


def _push_body(seq: int) -> bytes:
    """One new place, as a workstation's push sends it."""
    return (
        PushRequest(
            mutations=[
                Mutation(
                    mutation_id=uuid.uuid4(),
                    seq=seq,
                    table="places",
                    record_id=uuid.uuid4(),
                    op="insert",
                    fields={"name": "x", "code": uuid.uuid4().hex[:12], "origin_office": "C11"},
                )
            ]
        )
        .model_dump_json()
        .encode()
    )


def _serve(url: str, port: int, workers: int):
    """``miz-server serve --workers N`` in a subprocess, once it answers /health."""
    import subprocess

    import httpx

    env = dict(os.environ, MIZ_DATABASE_URL=url, PYTHONPATH=str(Path(__file__).parents[1]))
    command = [sys.executable, "-m", "central_server.cli", "serve", "--port", str(port)]
    proc = subprocess.Popen(
        [*command, "--workers", str(workers)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/health", timeout=1).status_code == 200:
                return proc
        except httpx.HTTPError:
            time.sleep(0.2)
    proc.kill()
    raise RuntimeError("server did not start")


def run(url: str, folder: Path, args: argparse.Namespace) -> dict[str, float]:
    engine = make_engine(url)
    migrate(engine)
    engine.dispose()
    harness = Harness(url, folder)
    a, sync_a, _ = harness.workstation("a", "C11")
    b, sync_b, _ = harness.workstation("b", "C11")
    sync_a.page_size = sync_b.page_size = 1000  # the workstation's own batch size (500)

    with a.session() as s:
        s.add_all(
            Place(name=f"مرکز {i}", code=f"c{i}", city="گرگان", origin_office="C11")
            for i in range(args.rows)
        )
    server = None
    if args.server == "process":  # enrolled above; from now on over real HTTP
        from tests.sync.server_process import free_port

        port = free_port()
        server = _serve(url, port, max(1, args.server_workers))
        for ctx, sync in ((a, sync_a), (b, sync_b)):
            ctx.workstation.server_url = f"http://127.0.0.1:{port}"
            # httpx's own HTTP transport (what the app gets), its calls counted
            sync.transport = FaultyTransport(httpx.HTTPTransport())
    # what is loaded by now lives as long as the process: frozen, as the workstation's
    # loader (ui/startup.py) and each server worker (the app's start) freeze it
    gc.freeze()
    regime = _app_collection() if args.collector == "app" else contextlib.nullcontext()
    try:
        with regime:
            return _timed(url, folder, harness, (a, sync_a, sync_b), args, server)
    finally:
        if server is not None and server.poll() is None:
            server.terminate()
            server.wait(30)


def _tree_cpu(pid: int) -> float:
    """CPU seconds (user + system) of process ``pid`` and its descendants still alive,
    from ``/proc`` (Linux; NaN elsewhere): the server's supervisor and its workers."""
    parents: dict[int, int] = {}
    ticks: dict[int, int] = {}
    try:
        for entry in os.scandir("/proc"):
            if not entry.name.isdigit():
                continue
            try:
                stat = Path(entry.path, "stat").read_text()
            except OSError:
                continue
            fields = stat[stat.rindex(")") + 2 :].split()  # after "pid (comm) "
            parents[int(entry.name)] = int(fields[1])
            ticks[int(entry.name)] = int(fields[11]) + int(fields[12])  # utime, stime
    except OSError:
        return float("nan")
    tree, todo = set(), [pid]
    while todo:
        current = todo.pop()
        tree.add(current)
        todo.extend(p for p, parent in parents.items() if parent == current and p not in tree)
    return sum(ticks.get(p, 0) for p in tree) / os.sysconf("SC_CLK_TCK")


class _Clock:
    """Wall time, this process's CPU and the server process's CPU (NaN in-process)."""

    def __init__(self, server) -> None:
        self.server = server
        self.wall = time.perf_counter()
        self.cpu = time.process_time()
        self.server_cpu = self._server_cpu()

    def _server_cpu(self) -> float:
        return _tree_cpu(self.server.pid) if self.server is not None else float("nan")

    def read(self) -> tuple[float, float, float]:
        return (
            time.perf_counter() - self.wall,
            time.process_time() - self.cpu,
            self._server_cpu() - self.server_cpu,
        )


@contextlib.contextmanager
def _app_collection():
    """The app's regime of Python's cyclic collector (``desktop_app/ui/collector.py``):
    automatic collection off, the generations that are due collected once each
    ``INTERVAL_MS`` from another thread (the app's UI thread, while a worker syncs)."""
    from desktop_app.ui.collector import INTERVAL_MS, collect_due

    stop = threading.Event()

    def collect() -> None:
        while not stop.wait(INTERVAL_MS / 1000):
            collect_due()

    collector = threading.Thread(target=collect, daemon=True)
    gc.disable()
    collector.start()
    try:
        yield
    finally:
        stop.set()
        collector.join()
        gc.enable()


def _timed(
    url: str, folder: Path, harness, stations, args: argparse.Namespace, server=None
) -> dict[str, float]:
    """The three rows (workstation A holds the rows; B is new), with their baselines."""
    a, sync_a, sync_b = stations
    clock = _Clock(server)
    sync_a.run()
    push_s, push_cpu, push_server_cpu = clock.read()
    clock = _Clock(server)
    sync_b.run()
    pull_s, pull_cpu, pull_server_cpu = clock.read()
    snapshot = "/sync/snapshot" in harness_calls(sync_b)

    round_cpus: list[tuple[float, float]] = []  # each round's CPU: this process, the server
    rounds = []  # three rounds of 100 changes, the median (one round is ~0.2 s: noisy)
    for city in ("ساری", "آمل", "بابل"):
        with a.session() as s:
            for place in s.query(Place).limit(100):
                place.city = city
        clock = _Clock(server)
        sync_a.run()
        sync_b.run()
        wall, cpu, server_cpu = clock.read()
        rounds.append(wall)
        round_cpus.append((cpu, server_cpu))
    incremental_s = statistics.median(rounds)
    if server is not None:  # the other rows start servers of their own
        server.terminate()
        server.wait(30)

    places = Base.metadata.tables["places"]
    with a.engine.connect() as conn:
        rows = [dict(r) for r in conn.execute(places.select()).mappings()]
    for row in rows:  # the server's form of the values
        row.update(decode_values_checked(places, {k: _wire(v) for k, v in row.items()}))
    # the baseline is short and the machine noisy: the median of three runs
    raws = []
    for attempt in range(3):
        raw_server_bulk, raw_server_upd = _raw_server(url, rows)
        raw_folder = folder / f"raw-{attempt}"
        raw_folder.mkdir()
        raw_ws_bulk, raw_ws_upd = _raw_sqlite(raw_folder, rows)
        raws.append((raw_server_bulk + raw_ws_bulk, raw_server_upd + raw_ws_upd))
    raw_first = statistics.median(r[0] for r in raws)
    raw_incremental = statistics.median(r[1] for r in raws)

    rate = floor_rate = client_cpu = float("nan")
    if not args.skip_concurrent:
        rate, client_cpu = _concurrent_pushes(
            harness, args.workstations, args.pushes, args.server_workers
        )
    harness.close()
    if not args.skip_concurrent:
        floor_rate = _one_row_transactions(url, args.workstations, args.pushes)
    return {
        "push_s": push_s,
        "pull_s": pull_s,
        "push_cpu_s": push_cpu,
        "pull_cpu_s": pull_cpu,
        "push_server_cpu_s": push_server_cpu,
        "pull_server_cpu_s": pull_server_cpu,
        "first_s": push_s + pull_s,
        "raw_first_s": raw_first,
        "incremental_s": incremental_s,
        "incremental_cpu_s": statistics.median(c for c, _server in round_cpus),
        "incremental_server_cpu_s": statistics.median(server for _c, server in round_cpus),
        "raw_incremental_s": raw_incremental,
        "pushes_per_s": rate,
        "client_cpu_ms": client_cpu * 1000,
        "raw_tx_per_s": floor_rate,
        "snapshot": float(snapshot),
    }


def harness_calls(sync_engine) -> list[str]:
    """The paths a workstation's transport was asked (the harness counts them)."""
    return list(getattr(sync_engine.transport, "calls", []))


def _wire(value):
    if isinstance(value, uuid.UUID):
        return str(value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def _report(
    backend: str,
    rows: int,
    rounds: list[dict[str, float]],
    workstations: int,
    how: str,
    first_how: str,
) -> None:
    """Every round's first sync with its own baseline and ratio, then the median ratio
    (the row's result); 100 changes as the median of every round's; the 50 workstations
    of the first round."""
    load = os.getloadavg()
    print(f"\n== {backend}; {rows:,} rows; load {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")
    print(f"   first sync and 100 changes against {first_how}")
    r = rounds[0]
    concurrent = r["pushes_per_s"] == r["pushes_per_s"]  # run (not NaN: ``--skip-concurrent``)
    if concurrent:
        print(f"   {workstations} workstations' pushes through {how}")
    print(f"   {os.cpu_count()} CPUs; {len(rounds)} round(s), each a new server database")
    for number, r in enumerate(rounds, 1):
        first = r["first_s"] / r["raw_first_s"]
        print(
            f"first sync {number}      {r['first_s']:8.2f} s (push {r['push_s']:.2f} + pull "
            f"{r['pull_s']:.2f})   raw bulk SQL {r['raw_first_s']:7.3f} s   ratio {first:6.1f}×"
        )
        how_pulled = "one snapshot" if r["snapshot"] else "pages"
        print(f"                  (the new workstation pulled {how_pulled})")
        print(
            f"                  (CPU of this process, every thread: push {r['push_cpu_s']:.2f} s, "
            f"pull {r['pull_cpu_s']:.2f} s; {1e6 * r['push_cpu_s'] / rows:.0f} µs a pushed record)"
        )
        if r["push_server_cpu_s"] == r["push_server_cpu_s"]:  # a server process (not NaN)
            print(
                f"                  (CPU of the server process: push {r['push_server_cpu_s']:.2f} s, "
                f"pull {r['pull_server_cpu_s']:.2f} s; "
                f"{1e6 * r['push_server_cpu_s'] / rows:.0f} µs a pushed record)"
            )
    ratios = [r["first_s"] / r["raw_first_s"] for r in rounds]
    print(
        f"first sync        median ratio {statistics.median(ratios):.1f}× of "
        f"{', '.join(f'{x:.1f}' for x in ratios)}; slowest {max(r['first_s'] for r in rounds):.2f} s"
        f"  (goal ≤ 3×, ≤ 10 s)"
    )
    incremental = statistics.median(r["incremental_s"] for r in rounds)
    raw_incremental = statistics.median(r["raw_incremental_s"] for r in rounds)
    inc_cpu = statistics.median(r["incremental_cpu_s"] for r in rounds)
    inc_server = statistics.median(r["incremental_server_cpu_s"] for r in rounds)
    print(
        f"100 changes       {incremental:8.3f} s   100 plain UPDATEs {raw_incremental:7.3f} s"
        f"   ratio {incremental / raw_incremental:6.1f}×  (goal < 0.3 s)"
    )
    print(
        f"                  (CPU of this process, every thread: {inc_cpu:.3f} s a round"
        + (f"; of the server process: {inc_server:.3f} s)" if inc_server == inc_server else ")")
    )
    r = rounds[0]
    if not concurrent:
        return
    share = r["pushes_per_s"] / r["raw_tx_per_s"]
    print(
        f"{workstations} workstations   {r['pushes_per_s']:8.0f} pushes/s   plain 1-row transactions "
        f"{r['raw_tx_per_s']:7.0f}/s   ratio {share:6.2f}  (goal ≥ 500 pushes/s)"
    )
    print(f"                  (the pushing clients' own CPU: {r['client_cpu_ms']:.2f} ms a push)")


def _round(backend: str, args: argparse.Namespace) -> dict[str, float]:
    """One round on a new server database (SQLite file, or a temporary PostgreSQL
    database created and dropped) and new workstations."""
    folder = Path(tempfile.mkdtemp(prefix=f"miz-bench-sync-{backend}-"))
    try:
        if backend == "sqlite":
            return run(f"sqlite:///{folder / 'server.sqlite3'}", folder, args)
        name = f"miz_bench_{uuid.uuid4().hex[:10]}"
        pg_admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
        with pg_admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        try:
            return run(f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}", folder, args)
        finally:
            with pg_admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            pg_admin.dispose()
    finally:
        shutil.rmtree(folder, ignore_errors=True)  # three rounds of 100,000-row databases


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--workstations", type=int, default=50)
    parser.add_argument("--pushes", type=int, default=20, help="pushes per workstation")
    parser.add_argument("--backend", choices=("sqlite", "postgres", "both"), default="both")
    parser.add_argument(
        "--server-workers",
        type=int,
        default=2,
        help="push row against a real miz-server with N uvicorn workers (0: in-process app)",
    )
    parser.add_argument(
        "--collector",
        choices=("app", "python"),
        default="app",
        help="Python's cyclic collector as the app runs it (automatic collection off, due "
        "generations collected once a second: desktop_app/ui/collector.py) or as a plain "
        "script does (automatic: what this benchmark measured before session 9)",
    )
    parser.add_argument(
        "--server",
        choices=("process", "inprocess"),
        default="process",
        help="the first-sync and 100-changes rows against a real miz-server subprocess over "
        "HTTP on loopback (with --server-workers workers, at least 1), or the in-process app "
        "through an httpx transport (the workstation's and the server's CPU then serialized)",
    )
    parser.add_argument(
        "--skip-concurrent",
        action="store_true",
        help="leave out the 50-workstations row (first sync and 100 changes only)",
    )
    parser.add_argument(
        "--rounds",
        type=int,
        default=3,
        help="first syncs (each with 100 changes), each on a new server database with its "
        "own baseline; the median ratio is the row's result (the 50 workstations: the "
        "first round only)",
    )
    args = parser.parse_args()
    backends = ["sqlite", "postgres"] if args.backend == "both" else [args.backend]
    later = argparse.Namespace(**{**vars(args), "skip_concurrent": True})
    for backend in backends:
        rounds = [_round(backend, args if n == 0 else later) for n in range(max(1, args.rounds))]
        _report(
            "SQLite server" if backend == "sqlite" else "PostgreSQL server",
            args.rows,
            rounds,
            args.workstations,
            f"miz-server with {args.server_workers} uvicorn workers"
            if args.server_workers
            else "the in-process app",
            f"a miz-server process ({max(1, args.server_workers)} uvicorn workers, HTTP on loopback)"
            if args.server == "process"
            else "the in-process app (an httpx transport)",
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
