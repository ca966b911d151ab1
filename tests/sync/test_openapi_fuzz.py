"""Fuzz of the server's OpenAPI contract: no request it generates is answered 5xx.

Bodies come from the ``/openapi.json`` schemas (``schema_strategy``: a small JSON
Schema → hypothesis translation covering what pydantic emits; the published
``hypothesis-jsonschema`` does not work with the hypothesis we use), from arbitrary JSON, and — so the generator reaches the push
handler's rules and not only the schema's — from mutations of every synced table with
the device's next sequence numbers and arbitrary values in real column names. Runs
on the embedded SQLite server, in well under a minute.
"""

from __future__ import annotations

import json
import uuid
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop_app.models import Base, synced_models
from desktop_app.sync.client import load_token

FUZZ = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(max_size=30),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner),
    max_leaves=10,
)
#: Text that breaks naive handlers: NUL, lone surrogates, right-to-left marks, long runs.
HOSTILE_TEXT = st.sampled_from(
    ["\x00", "\ud800", "م" * 300, "\u202e", "1e309", "NaN", "2024-02-30", "-1", ""]
) | st.text(max_size=40)
VALUES = JSON | HOSTILE_TEXT | st.integers(min_value=-(10**25), max_value=10**25)


@pytest.fixture
def sqlite_server(request, tmp_path, sqlite_template):
    import shutil

    from tests.sync.conftest import Harness

    path = tmp_path / "server.sqlite3"
    shutil.copy(sqlite_template, path)
    harness = Harness(f"sqlite:///{path}", tmp_path)
    yield harness
    harness.close()


def _inline(schema: Any, components: dict[str, Any]) -> Any:
    if isinstance(schema, dict):
        if "$ref" in schema:
            return _inline(components[schema["$ref"].rsplit("/", 1)[-1]], components)
        return {k: _inline(v, components) for k, v in schema.items()}
    if isinstance(schema, list):
        return [_inline(v, components) for v in schema]
    return schema


def schema_strategy(schema: dict[str, Any]) -> st.SearchStrategy[Any]:
    """Values valid for ``schema`` (``$ref``s already inlined), with edge values."""
    if "const" in schema:
        return st.just(schema["const"])
    if "enum" in schema:
        return st.sampled_from(schema["enum"])
    for key in ("anyOf", "oneOf"):
        if key in schema:
            return st.one_of([schema_strategy(s) for s in schema[key]])
    kind = schema.get("type")
    if kind == "object" or "properties" in schema:
        props = schema.get("properties", {})
        required = set(schema.get("required", ()))
        extra = schema.get("additionalProperties")
        fixed = st.fixed_dictionaries(
            {k: schema_strategy(v) for k, v in props.items() if k in required},
            optional={k: schema_strategy(v) for k, v in props.items() if k not in required},
        )
        if isinstance(extra, dict):
            keys = schema_strategy(schema.get("propertyNames", {"type": "string"}))
            more = st.dictionaries(keys, schema_strategy(extra) if extra else VALUES, max_size=5)
            return st.tuples(fixed, more).map(lambda pair: {**pair[1], **pair[0]})
        return fixed
    if kind == "array":
        low, high = schema.get("minItems", 0), min(schema.get("maxItems", 5), 5)
        return st.lists(schema_strategy(schema.get("items", {})), min_size=low, max_size=high)
    if kind == "integer":
        return st.integers(schema.get("minimum"), schema.get("maximum"))
    if kind == "number":
        return st.floats(schema.get("minimum"), schema.get("maximum"), allow_nan=False)
    if kind == "boolean":
        return st.booleans()
    if kind == "null":
        return st.none()
    if kind == "string":
        if schema.get("format") == "uuid":
            return st.uuids().map(str)
        if "pattern" in schema:
            return st.from_regex(schema["pattern"], fullmatch=True)
        low, high = schema.get("minLength", 0), schema.get("maxLength")
        return st.text(min_size=low, max_size=min(high or 50, 50))
    return VALUES


def _operations(client) -> list[tuple[str, dict[str, Any]]]:
    document = client.get("/openapi.json").json()
    components = document.get("components", {}).get("schemas", {})
    out = []
    for path, item in document["paths"].items():
        post = item.get("post")
        if post is None:
            continue
        schema = post["requestBody"]["content"]["application/json"]["schema"]
        out.append((path, _inline(schema, components)))
    return out


class Client:
    def __init__(self, server) -> None:
        ctx, _engine, _transport = server.workstation("fuzz", "C11")
        self.http = server.client
        self.auth = {"Authorization": f"Bearer {load_token(ctx.data_dir)}"}

    def post(self, path: str, body: Any, auth: bool = True):
        headers = {"Content-Type": "application/json", **(self.auth if auth else {})}
        response = self.http.post(path, content=json.dumps(body).encode(), headers=headers)
        assert response.status_code < 500, (path, body, response.status_code, response.text)
        return response

    def next_seq(self) -> int:
        return self.http.get("/sync/device", headers=self.auth).json()["last_seq"] + 1


def test_every_operation_with_bodies_from_its_schema(sqlite_server):
    client = Client(sqlite_server)
    operations = _operations(sqlite_server.client)
    assert {path for path, _s in operations} >= {"/sync/push", "/sync/pull", "/sync/enroll"}
    for path, schema in operations:
        _fuzz_one(client, path, schema)


def _fuzz_one(client: Client, path: str, schema: dict[str, Any]) -> None:
    @FUZZ
    @given(body=schema_strategy(schema), auth=st.booleans())
    def check(body: Any, auth: bool) -> None:
        client.post(path, body, auth)

    check()


def test_every_operation_with_arbitrary_json(sqlite_server):
    client = Client(sqlite_server)
    paths = [path for path, _schema in _operations(sqlite_server.client)]

    @FUZZ
    @given(path=st.sampled_from(paths), body=JSON)
    def check(path: str, body: Any) -> None:
        client.post(path, body)

    check()


TABLES = {
    m.__tablename__: sorted(Base.metadata.tables[m.__tablename__].c.keys()) for m in synced_models()
}


@st.composite
def mutations(draw) -> dict[str, Any]:
    table = draw(st.sampled_from(sorted(TABLES)))
    columns = TABLES[table]
    fields = draw(st.dictionaries(st.sampled_from(columns), VALUES, max_size=6))
    return {
        "mutation_id": str(uuid.uuid4()),
        "table": table,
        "record_id": str(uuid.uuid4()),
        "op": draw(st.sampled_from(["insert", "update"])),
        "base_seq": draw(st.none() | st.integers(min_value=0, max_value=2**63 - 1)),
        "fields": fields,
    }


def test_push_of_real_tables_with_hostile_values_is_judged_per_mutation(sqlite_server):
    client = Client(sqlite_server)

    @FUZZ
    @given(batch=st.lists(mutations(), min_size=1, max_size=5))
    def check(batch: list[dict[str, Any]]) -> None:
        first = client.next_seq()
        for i, m in enumerate(batch):
            m["seq"] = first + i
        answer = client.post("/sync/push", {"mutations": batch})
        if answer.status_code == 200:
            results = answer.json()["results"]
            assert len(results) == len(batch) or answer.json()["expected_seq"] is not None

    check()
