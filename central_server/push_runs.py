"""A push's runs of inserts (``InsertRun``) taken apart and answered as ranges (issue 22).
A pool thread of the push request (``app._off_loop``: not its event loop); no Qt.

A workstation sends a run of consecutive inserts of one table naming the same columns
as one columnar entry (``InsertRun``). A run the server may judge as columns
(``run_judge``) is kept as it is; the server judges every insert of any other run as
the ``Mutation`` it stands for, on the one-by-one path (``expanded``: the mutations of
the request, the other runs' among them, in sequence order; built, not validated
again), so a run's insert is refused, merged or numbered exactly as the same insert
sent alone — as columns too (``tests/sync/test_push_columnar.py``).
The answer (``answered``) gives the inserts of a run applied as sent — version 1,
consecutive change-log numbers, nothing else to say — as ``AppliedRange``s, and every
other outcome of a run's insert as its ``MutationResult``; a mutation sent alone is
always answered alone (a workstation from before protocol 2 sends no run and reads
no range). A replay is answered from the stored results (``stored_results``) through
the same ``answered``: the same ranges as the first time.
"""

from __future__ import annotations

import itertools
import uuid
from collections.abc import Callable, Iterator
from operator import attrgetter
from typing import Any

from desktop_app.sync.protocol import (
    PROTOCOL_VERSION,
    AppliedRange,
    InsertRun,
    Mutation,
    MutationResult,
    PushRequest,
    PushResponse,
)

from .push_body import Trusted
from .stored_results import applied_as_sent

#: A run's insert made as a ``Mutation`` from valid values (no validation again).
_MUTATION = Trusted(Mutation)


def expanded(request: PushRequest, keep: Callable[[InsertRun], bool] | None = None) -> PushRequest:
    """``request`` with its runs' inserts among its mutations (sequence order), but the
    runs ``keep`` keeps (``run_judge.columnar``: judged as columns, where they may be):
    what the judging takes (``sync_service.judge_push``, ``group_judge``)."""
    if not request.runs:
        return request
    every = [*request.mutations]
    kept = []
    for run in request.runs:
        if keep is not None and keep(run):
            kept.append(run)
        else:
            every.extend(mutations(run))
    every.sort(key=attrgetter("seq"))
    return PushRequest.model_construct(protocol=request.protocol, mutations=every, runs=kept)


def size(request: PushRequest) -> int:
    """How many inserts and changes ``request`` carries (its runs' rows among them)."""
    return len(request.mutations) + sum(len(run.rows) for run in request.runs)


def records(request: PushRequest) -> Iterator[tuple[str, uuid.UUID]]:
    """The (table, id) of every record ``request`` changes (its runs' among them)."""
    for m in request.mutations:
        yield m.table, m.record_id
    for run in request.runs:
        for record_id in run.record_ids:
            yield run.table, record_id


def mutations(run: InsertRun) -> list[Mutation]:
    """The inserts of ``run`` as the mutations they stand for (no base)."""
    columns = run.columns
    table = run.table
    make = _MUTATION
    return [
        make(
            {
                "mutation_id": mutation_id,
                "seq": seq,
                "table": table,
                "record_id": record_id,
                "op": "insert",
                "fields": dict(zip(columns, row, strict=True)),
            }
        )
        for seq, mutation_id, record_id, row in zip(
            itertools.count(run.first_seq), run.mutation_ids, run.record_ids, run.rows
        )
    ]


def answered(request: PushRequest, response: PushResponse) -> PushResponse:
    """The answer to ``request`` (as sent, with its runs) from ``response`` (one result
    a mutation): the runs' inserts applied as sent collapsed into ranges."""
    response.protocol = PROTOCOL_VERSION
    if not request.runs:
        return response
    run_of: dict[int, int] = {}  # seq -> position of its run
    for position, run in enumerate(request.runs):
        run_of.update(dict.fromkeys(range(run.first_seq, run.first_seq + len(run.rows)), position))
    kept: list[MutationResult] = []
    spans: list[list[Any]] = []  # [run, first seq, count, first change-log number, ignored]
    last: list[Any] | None = None
    for result in response.results:
        index = run_of.get(result.seq)
        if index is None or not applied_as_sent(result):
            kept.append(result)
            last = None
            continue
        if (
            last is not None
            and index == last[0]
            and result.seq == last[1] + last[2]
            and result.change_seq == last[3] + last[2]
            and result.ignored_fields == last[4]
        ):
            last[2] += 1
            continue
        last = [index, result.seq, 1, result.change_seq, result.ignored_fields]
        spans.append(last)
    ranges = [
        AppliedRange.model_construct(
            first_seq=first, count=count, first_change_seq=number, ignored_fields=ignored
        )
        for _run, first, count, number, ignored in spans
    ]
    response.results = kept
    # (with the ranges of the runs judged as columns: ``run_judge.numbered``)
    response.ranges = sorted([*response.ranges, *ranges], key=attrgetter("first_seq"))
    return response
