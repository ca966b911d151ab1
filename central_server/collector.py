"""Python's cyclic garbage collector held off while a big push is judged and written.

A push of a backlog makes tens of container objects a record (its mutation, decoded
values, the row written, its answer), and the collector, run every 700 new ones,
walks the young ones again and again and, as they pile up, the whole heap: measured
at about a quarter of the server's CPU time for a first sync's inserts (issue 22).
Those objects are freed by reference counting when the push ends; none of the push
path's own structures are cycles to wait for. ``held_off(big)`` turns the collector
off for the block when ``big`` (a group of pushes, or one push, of ``MIN_MUTATIONS``
mutations or more: ``group_commit.GroupCommit._write``), back on when the
last such block of any thread ends (the collector is one for the process), as it was
before the first. A group is sized by all its pushes' mutations together: a busy
office's small pushes, grouped, allocate as one big push does and hold it off too;
under steady load the two writers' blocks can overlap so that it stays off for the
busy spell (what the push path allocates is freed by reference counting, so memory
does not grow by it). Small lone pushes leave it alone. No Qt; any thread.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

#: A push group (or lone push) of this many mutations or more is judged with the
#: collector held off.
MIN_MUTATIONS = 500

_lock = threading.Lock()
_holders = 0  # blocks of any thread inside ``held_off`` with the collector off
_was_enabled = False  # whether the first of them found it on


@contextmanager
def held_off(big: bool) -> Iterator[None]:
    """The block run with the collector off when ``big`` (see the module docstring)."""
    global _holders, _was_enabled
    if not big:
        yield
        return
    with _lock:
        if _holders == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _holders += 1
    try:
        yield
    finally:
        with _lock:
            _holders -= 1
            if _holders == 0 and _was_enabled:
                gc.enable()
