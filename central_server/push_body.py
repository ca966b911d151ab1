"""A push's body read, and its results made, without the costs FastAPI and pydantic
add per mutation (issue 22). Request threads (the event loop) and push writers; no Qt.

FastAPI read a push's body with ``json.loads`` and then validated the Python objects
into ``PushRequest``: about 8 µs of CPU a mutation, of which the validation proper
(pydantic's Rust core) is the smaller part. ``PushRoute``, the route of
``POST /sync/push``, validates a body sent as ``application/json`` straight from its
bytes (``PushRequest.model_validate_json``: one pass in pydantic's core, about half
the cost); a body that reading refuses is read by FastAPI exactly as before, so every
refusal is FastAPI's own (a 422 naming pydantic's fields, a 400) and the OpenAPI
document still describes ``PushRequest``. Pydantic's JSON mode and Python mode agree
on what they accept and what they make of it, and its JSON parser is the stricter
(no lone surrogate, escaped or encoded; no byte-order mark; at most 200 levels): a
differential test on hostile bodies keeps that so (``tests/sync/test_push_body.py``).

``id_text`` is the text of a mutation's or record's id, remembered for the ids of the
pushes in hand (a pushed record's ids are formatted in several places of its judging:
``str`` of a ``UUID`` formats it afresh, about four times the cost of a lookup);
``id_texts`` writes a run's ids, new ones, a list at a time.

``result`` builds a result the server made itself (an applied insert's: trusted
values) without validating it again (``Trusted``). The answer is still written by
pydantic (``model_dump_json``: cheaper than any writing by hand in Python).
"""

from __future__ import annotations

import functools
import uuid
from collections.abc import Callable, Coroutine
from typing import Any, Generic, TypeVar

from fastapi import Request, Response
from fastapi.routing import APIRoute
from pydantic import BaseModel, TypeAdapter

from desktop_app.sync.protocol import MutationResult, PushRequest, Status

Model = TypeVar("Model", bound=BaseModel)

_new = object.__new__
#: The model's slots' own setters (no attribute lookup, no ``__setattr__`` of the model).
_MODEL_DICT = BaseModel.__dict__["__dict__"].__set__
_MODEL_SET = BaseModel.__dict__["__pydantic_fields_set__"].__set__
_MODEL_EXTRA = BaseModel.__dict__["__pydantic_extra__"].__set__
_MODEL_PRIVATE = BaseModel.__dict__["__pydantic_private__"].__set__


class Trusted(Generic[Model]):
    """Builds instances of a pydantic model from values already known to be valid, as
    ``model_construct`` does (the fields in their declared order, defaults filled in,
    the given names as the fields set) without its per-field loop. The values must
    name every required field (``tests/sync/test_push_body.py``)."""

    def __init__(self, cls: type[Model]) -> None:
        self.cls = cls
        fields = cls.model_fields
        #: every field in declared order; a required one's placeholder is always replaced
        self.template = {n: None if f.is_required() else f.default for n, f in fields.items()}
        self.factories = [
            (n, f.default_factory) for n, f in fields.items() if f.default_factory is not None
        ]

    def __call__(self, values: dict[str, Any]) -> Model:
        full = self.template.copy()
        full.update(values)
        for name, factory in self.factories:
            if name not in values:
                full[name] = factory()  # type: ignore[call-arg]
        made: Model = _new(self.cls)
        _MODEL_DICT(made, full)
        _MODEL_SET(made, set(values))
        _MODEL_EXTRA(made, None)
        _MODEL_PRIVATE(made, None)
        return made


_RESULT = Trusted(MutationResult)

#: ``str`` of a mutation's or record's ``UUID``, remembered for the ids of the last
#: pushes (a group of full pushes names about 16,000: their two ids each); any thread.
id_text: Callable[[uuid.UUID], str] = functools.lru_cache(maxsize=1 << 15)(str)

_TEXTS = TypeAdapter(list[uuid.UUID])


def id_texts(ids: list[uuid.UUID]) -> list[str]:
    """``str`` of each of ``ids``, written by pydantic's own code (about a fifth of
    ``str``'s cost an id, an eighth of ``id_text``'s for an id not remembered): a
    run's ids, each new to this server (``run_judge``)."""
    texts: list[str] = _TEXTS.dump_python(ids, mode="json")
    return texts


def read(body: bytes) -> PushRequest | None:
    """The ``PushRequest`` of a JSON ``body``, validated from its bytes; None when that
    reading refuses it (FastAPI then reads it: its refusal, or a body its ``json.loads``
    takes and this parser does not)."""
    try:
        return PushRequest.model_validate_json(body)
    except ValueError:  # pydantic's ValidationError (invalid JSON among it)
        return None


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


Endpoint = Callable[[PushRequest, str], Coroutine[Any, Any, Response]]


class PushRoute(APIRoute):
    """The route of ``POST /sync/push``: a JSON body ``read`` takes goes straight to the
    endpoint (``endpoint(body, authorization)``, as FastAPI would call it); any other
    request is FastAPI's (its body read and validated into ``PushRequest``, its
    refusals its own)."""

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
