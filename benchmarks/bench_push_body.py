"""The HTTP layer of ``POST /sync/push`` alone: a 500-mutation body read and answered
by FastAPI's plain route (``json.loads``, then ``PushRequest``; a validated
``MutationResult`` per mutation) and by ``push_body.PushRoute`` (the body validated
from its bytes; trusted results), with no database behind either (issue 22).

    python benchmarks/bench_push_body.py [--mutations 500] [--requests 40]

Prints the CPU of each a mutation and their ratio (the two alternate, several rounds:
the machine may be loaded).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from fastapi import FastAPI, Header, Response
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient

from central_server import push_body
from desktop_app.models.base import time_ordered_uuid
from desktop_app.sync.protocol import MutationResult, PushRequest, PushResponse


def body(mutations: int) -> bytes:
    """A first sync's push: new places, as the workstation writes them."""
    out = []
    for i in range(mutations):
        rid = str(time_ordered_uuid())
        fields = {
            "id": rid,
            "name": f"مرکز {i}",
            "code": f"c{i}",
            "city": "گرگان",
            "origin_office": "C11",
            "created_at": "2026-12-07T03:01:56.123456+00:00",
            "updated_at": "2026-12-07T03:01:56.123456+00:00",
            "deleted_at": None,
            "version": 1,
            "server_seq": None,
            "search_text": f"مرکز {i} گرگان",
        }
        out.append(
            {
                "mutation_id": str(uuid.uuid4()),
                "seq": i + 1,
                "table": "places",
                "record_id": rid,
                "op": "insert",
                "base_seq": None,
                "base_version": 0,
                "fields": fields,
            }
        )
    return json.dumps({"protocol": 1, "mutations": out}).encode()


def app(route: type[APIRoute], trusted: bool) -> TestClient:
    """A push route answering every mutation applied (what ``sync_service`` answers)."""
    api = FastAPI()

    async def push(body: PushRequest, authorization: str = Header(default="")) -> Response:
        results = [
            push_body.result(m.mutation_id, m.seq, "applied", version=1, ignored_fields=[])
            if trusted
            else MutationResult(
                mutation_id=m.mutation_id, seq=m.seq, status="applied", version=1, ignored_fields=[]
            )
            for m in body.mutations
        ]
        for number, result in enumerate(results, start=1):
            result.change_seq = number
        answer = PushResponse(results=[])
        answer.results = results
        return Response(answer.model_dump_json(), media_type="application/json")

    api.router.add_api_route(
        "/sync/push",
        push,
        methods=["POST"],
        response_model=PushResponse,
        route_class_override=route,
    )
    return TestClient(api)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mutations", type=int, default=500)
    parser.add_argument("--requests", type=int, default=40)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    data = body(args.mutations)
    headers = {"Content-Type": "application/json", "Authorization": "Bearer x"}
    clients = {
        "FastAPI's route": app(APIRoute, trusted=False),
        "PushRoute": app(push_body.PushRoute, trusted=True),
    }
    cpu: dict[str, list[float]] = {name: [] for name in clients}
    for _round in range(args.rounds):
        for name, client in clients.items():
            start = time.process_time()
            for _ in range(args.requests):
                answer = client.post("/sync/push", content=data, headers=headers)
                assert answer.status_code == 200, answer.text
            spent = time.process_time() - start
            cpu[name].append(spent / (args.requests * args.mutations) * 1e6)
    best = {name: min(values) for name, values in cpu.items()}
    for name, values in cpu.items():
        print(
            f"{name:16s} {best[name]:6.2f} µs of CPU a mutation (rounds: "
            + ", ".join(f"{v:.2f}" for v in values)
            + ")"
        )
    old, new = best["FastAPI's route"], best["PushRoute"]
    print(f"PushRoute / FastAPI's route: {new / old:.2f} ({old - new:.2f} µs a mutation less)")


if __name__ == "__main__":
    main()
