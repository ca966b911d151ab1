"""A push's body read, and its answer written, without a pydantic validation per mutation
(issue 22). Request threads (the event loop) and push writers; no Qt.

FastAPI read a push's body with ``json.loads`` and validated it into ``PushRequest``
(a ``Mutation`` per mutation, about 20 µs each), and the ids, made ``uuid.UUID``, were
formatted back into text some seven times a record downstream; the answer was a
``MutationResult`` validated per mutation. Here:

- ``PushRoute`` (the route of ``POST /sync/push``) reads a body sent as
  ``application/json`` with ``read``; a body ``read`` doubts is read by FastAPI exactly
  as before (``json.loads``, then pydantic), so every refusal is pydantic's own 422 and
  the OpenAPI document still describes ``PushRequest``;
- ``read`` parses with pydantic_core's JSON parser (stricter than ``json.loads``: a
  text it refuses is left to FastAPI) and checks each mutation with plain comparisons
  against exactly what ``PushRequest`` allows: canonical ids, exact ``int``s in range,
  names of the protocol's pattern, no extra key, distinct ids and numbers, at most
  ``MAX_BATCH``. Anything else — an upper-case id, a ``true`` for a number, an
  unknown key — is doubt, not refusal. What it accepts is the ``PushRequest`` pydantic
  makes of the same body, built without validation (``Trusted``), its ids ``WireId``
  (a ``uuid.UUID`` that keeps its text) — a differential test
  (``tests/sync/test_push_body.py``) keeps both readings equal on hostile bodies;
- ``result`` builds a result the server made itself without validation, and
  ``answer_json`` writes an answer as ``PushResponse.model_dump_json`` does, a plain
  result (nothing to say but its status and numbers) by hand and any other through
  pydantic (a differential test too).
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable, Coroutine
from typing import Any, Generic, TypeVar

from fastapi import Request, Response
from fastapi.routing import APIRoute
from pydantic import BaseModel
from pydantic_core import from_json

from desktop_app.sync.protocol import (
    MAX_BATCH,
    MAX_INT,
    PROTOCOL_VERSION,
    Mutation,
    MutationResult,
    PushRequest,
    PushResponse,
    Status,
)

Model = TypeVar("Model", bound=BaseModel)

#: The protocol's ``Name`` pattern; ``fullmatch``: ``$`` would let a final newline by.
_NAME = re.compile(r"[a-z_][a-z0-9_]{0,62}").fullmatch
#: A UUID as ``str(uuid.UUID(...))`` writes it (pydantic takes more forms: doubt).
_CANONICAL_ID = re.compile(
    r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
).fullmatch
#: Names already matched (tables and columns: a few dozen), kept up to this many.
_MAX_NAMES = 4096
_names: set[str] = set()
_KEYS = frozenset(Mutation.model_fields)
_REQUIRED = frozenset(n for n, f in Mutation.model_fields.items() if f.is_required())
_TOP_KEYS = frozenset(PushRequest.model_fields)
_OPS = ("insert", "update")
_ABSENT: Any = object()
_set = object.__setattr__


class WireId(uuid.UUID):
    """A ``uuid.UUID`` read from a push that keeps its canonical text: ``str`` of it
    costs nothing (equal, and hashed, as the plain ``uuid.UUID`` of the same id)."""

    __slots__ = ("text",)
    text: str

    def __init__(self, text: str) -> None:  # ``text`` canonical (``read`` checked it)
        _set(self, "int", int(text.replace("-", ""), 16))
        _set(self, "is_safe", uuid.SafeUUID.unknown)
        _set(self, "text", text)

    def __str__(self) -> str:
        return self.text

    def __reduce__(self) -> tuple[type[uuid.UUID], tuple[str]]:
        return uuid.UUID, (self.text,)  # a copy is a plain UUID (equal)


class Trusted(Generic[Model]):
    """Builds instances of a pydantic model from values already known to be valid, as
    ``model_construct`` does (the fields in their declared order, defaults filled in,
    the given names as the fields set) without its per-field loop."""

    def __init__(self, cls: type[Model]) -> None:
        self.cls = cls
        fields = cls.model_fields
        self.required = frozenset(n for n, f in fields.items() if f.is_required())
        #: every field in declared order; a required one's placeholder is always replaced
        self.template = {n: None if f.is_required() else f.default for n, f in fields.items()}
        self.factories = [
            (n, f.default_factory) for n, f in fields.items() if f.default_factory is not None
        ]

    def __call__(self, values: dict[str, Any]) -> Model:
        if not self.required <= values.keys():
            raise TypeError(f"{self.cls.__name__}: missing {sorted(self.required - set(values))}")
        full = dict(self.template)
        full.update(values)
        for name, factory in self.factories:
            if name not in values:
                full[name] = factory()  # type: ignore[call-arg]
        made = self.cls.__new__(self.cls)
        _set(made, "__dict__", full)
        _set(made, "__pydantic_fields_set__", set(values))
        _set(made, "__pydantic_extra__", None)
        _set(made, "__pydantic_private__", None)
        return made


_MUTATION = Trusted(Mutation)
_REQUEST = Trusted(PushRequest)
_RESULT = Trusted(MutationResult)
_ANSWER = Trusted(PushResponse)


def read(body: bytes) -> PushRequest | None:
    """The ``PushRequest`` pydantic makes of ``body`` (JSON), or None when the body is
    not one this check vouches for (FastAPI and pydantic then read it: see the module
    docstring)."""
    try:
        data = from_json(body)
    except ValueError:
        return None
    if type(data) is not dict or "mutations" not in data or not _TOP_KEYS.issuperset(data):
        return None
    protocol = data.get("protocol", PROTOCOL_VERSION)
    sent = data["mutations"]
    if not _number(protocol, 0) or type(sent) is not list or len(sent) > MAX_BATCH:
        return None
    mutations = []
    for raw in sent:
        mutation = _mutation(raw)
        if mutation is None:
            return None
        mutations.append(mutation)
    count = len(mutations)
    if (
        len({str(m.mutation_id) for m in mutations}) != count
        or len({m.seq for m in mutations}) != count
    ):
        return None  # pydantic's "appears twice" refusal
    return _REQUEST({**data, "mutations": mutations})


def _mutation(raw: Any) -> Mutation | None:
    """One mutation of the body as pydantic reads it, or None (doubt)."""
    if type(raw) is not dict or not _REQUIRED <= raw.keys() or not _KEYS.issuperset(raw):
        return None
    mutation_id, record_id, op = raw["mutation_id"], raw["record_id"], raw["op"]
    fields = raw.get("fields", _ABSENT)
    base_seq = raw.get("base_seq")
    if not (
        _canonical_id(mutation_id)
        and _canonical_id(record_id)
        and _number(raw["seq"], 1)
        and _name(raw["table"])
        and type(op) is str
        and op in _OPS
        and (base_seq is None or _number(base_seq, 0))
        and _number(raw.get("base_version", 0), 0)
        and (fields is _ABSENT or (type(fields) is dict and _names_fit(fields)))
    ):
        return None
    values = dict(raw)
    values["mutation_id"] = WireId(mutation_id)
    values["record_id"] = WireId(record_id)
    return _MUTATION(values)


def _number(value: Any, least: int) -> bool:
    """An exact ``int`` (not a bool, not a float) in ``least .. MAX_INT``."""
    return type(value) is int and least <= value <= MAX_INT


def _canonical_id(value: Any) -> bool:
    return type(value) is str and _CANONICAL_ID(value) is not None


def _name(value: Any) -> bool:
    """A table or column name of the protocol's pattern."""
    if type(value) is not str:
        return False
    if value in _names:
        return True
    if _NAME(value) is None:
        return False
    if len(_names) < _MAX_NAMES:
        _names.add(value)
    return True


def _names_fit(fields: dict[str, Any]) -> bool:
    return _names.issuperset(fields) or all(_name(key) for key in fields)


def result(
    mutation_id: uuid.UUID,
    seq: int,
    status: Status,
    version: int | None = None,
    change_seq: int | None = None,
    ignored_fields: list[str] | None = None,
) -> MutationResult:
    """A result the server made (trusted values), as ``MutationResult(...)`` with these
    arguments would be, without validation."""
    values: dict[str, Any] = {"mutation_id": mutation_id, "seq": seq, "status": status}
    if version is not None:
        values["version"] = version
    if change_seq is not None:
        values["change_seq"] = change_seq
    if ignored_fields is not None:
        values["ignored_fields"] = ignored_fields
    return _RESULT(values)


#: ``PushResponse.model_dump_json()`` begins so (its first field).
_RESULTS_OPEN = '{"results":['
_STATUSES = frozenset(("applied", "merged", "conflict", "rejected"))
#: Ids whose ``str`` is the text pydantic writes.
_ID_TYPES = (uuid.UUID, WireId)


def answer_json(response: PushResponse) -> str:
    """``response.model_dump_json()``, each plain result written by hand."""
    rest = _ANSWER(
        {"results": [], "expected_seq": response.expected_seq, "deferred": response.deferred}
    ).model_dump_json()
    assert rest.startswith(_RESULTS_OPEN + "]")
    parts = ",".join(_plain_json(r.__dict__) or r.model_dump_json() for r in response.results)
    return _RESULTS_OPEN + parts + rest[len(_RESULTS_OPEN) :]


def _plain_json(d: dict[str, Any]) -> str:
    """A result's JSON when it says nothing but its id, status and numbers ("" if it
    says more: pydantic writes it)."""
    mutation_id, seq, status = d["mutation_id"], d["seq"], d["status"]
    version, change_seq = d["version"], d["change_seq"]
    if not (
        type(mutation_id) in _ID_TYPES
        and type(seq) is int
        and type(status) is str
        and status in _STATUSES
        and (version is None or type(version) is int)
        and (change_seq is None or type(change_seq) is int)
        and d["conflict_fields"] == []
        and d["server_values"] is None
        and d["ignored_fields"] == []
        and d["reason"] == ""
        and d["problem"] == ""
        and d["field"] == ""
        and d["depends_on"] is None
        and d["merged_into"] is None
    ):
        return ""
    return (
        f'{{"mutation_id":"{mutation_id}","seq":{seq},"status":"{status}",'
        f'"version":{_or_null(version)},"change_seq":{_or_null(change_seq)},'
        '"conflict_fields":[],"server_values":null,"ignored_fields":[],"reason":"",'
        '"problem":"","field":"","depends_on":null,"merged_into":null}'
    )


def _or_null(number: int | None) -> str:
    return "null" if number is None else str(number)


Endpoint = Callable[[PushRequest, str], Coroutine[Any, Any, Response]]


class PushRoute(APIRoute):
    """The route of ``POST /sync/push``: a body ``read`` vouches for goes straight to the
    endpoint (``endpoint(body, authorization)``); any other request is FastAPI's
    (its body read and validated into ``PushRequest``, its refusals its own)."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        checked = super().get_route_handler()
        endpoint: Endpoint = self.endpoint

        async def handler(request: Request) -> Response:
            if request.headers.get("content-type") == "application/json":
                body = read(await request.body())
                if body is not None:
                    return await endpoint(body, request.headers.get("authorization", ""))
            return await checked(request)  # the body already read is read again from memory

        return handler
