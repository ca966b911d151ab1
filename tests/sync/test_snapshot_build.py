"""Issue 22, the server's side of a first sync: a snapshot line written by pydantic's
serializer reads back as ``json.dumps``'s would, and what it refuses goes through
``json.dumps``."""

from __future__ import annotations

import json
import math

import pytest

from central_server import snapshot
from tests.sync.test_sync_speed import SAMPLES


def _same(a: object, b: object) -> bool:
    if isinstance(a, float) and isinstance(b, float) and math.isnan(a):
        return math.isnan(b)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b, strict=True))
    return type(a) is type(b) and a == b


def test_a_line_reads_back_as_json_dumps_writes_it():
    values = [v for v in SAMPLES if not (isinstance(v, str) and "\ud800" in v)]
    values += ['quote " and \\ backslash', "line\nbreak\ttab\x01", 2**70, -(2**70), 1e16, 0.1 + 0.2]
    values += [float("inf"), -0.0, {"k": [1, "س", None]}, [True, None]]
    part = [tuple(values), tuple(reversed(values))]
    line = snapshot._line(part)
    assert line.endswith(b"\n") and line.count(b"\n") == 1
    expected = json.loads(json.dumps(part, ensure_ascii=False))
    assert _same(json.loads(line), expected)


def test_a_value_the_serializer_refuses_goes_through_json_dumps():
    with pytest.raises(UnicodeEncodeError):  # json.dumps's own answer to a lone surrogate
        snapshot._line([("\ud800",)])
