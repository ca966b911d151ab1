"""Plan against actual (item 8): per Jalali year and province, the workshops held, the
participants trained (completed), what was spent and the cost per head, against the
service card of seed 001 (3,000 facilitators a year nationally, the workshop twice a
year). No Qt; any thread.
"""

from __future__ import annotations

from sqlalchemy import select

from ...documents.workshops import (
    PLAN_PARTICIPANTS_PER_YEAR,
    PLAN_WORKSHOPS_PER_YEAR,
    PlanDoc,
    PlanLine,
    YearTotal,
)
from ...models import TrainingWorkshop, live
from ...persian import to_jalali, today
from ..accounts import access
from ..core.context import AppContext
from .attendance import completion
from .heading import office_heading

__all__ = ["PlanLine", "YearTotal", "plan_against_actual", "plan_doc"]


@access.operation(access.SIGNED_IN)
def plan_against_actual(ctx: AppContext) -> tuple[list[PlanLine], list[YearTotal]]:
    with ctx.session() as session:
        rows = session.execute(
            select(
                TrainingWorkshop.id, TrainingWorkshop.province, TrainingWorkshop.start_date,
                TrainingWorkshop.state, TrainingWorkshop.spent,
            ).where(live(TrainingWorkshop), TrainingWorkshop.start_date.is_not(None))
        ).all()  # fmt: skip
    groups: dict[tuple[int, str], dict[str, int]] = {}
    for row in rows:
        year = to_jalali(row.start_date)[0]
        g = groups.setdefault(
            (year, row.province), {"held": 0, "running": 0, "trained": 0, "spent": 0}
        )
        if row.state == "finished":
            g["held"] += 1
            g["spent"] += row.spent
            g["trained"] += sum(1 for line in completion(ctx, row.id) if line.completed)
        elif row.state in ("running", "planned"):
            g["running"] += 1
    lines = [
        PlanLine(year, province, g["held"], g["running"], PLAN_WORKSHOPS_PER_YEAR, g["trained"],
                 g["spent"], g["spent"] // g["trained"] if g["trained"] else None)
        for (year, province), g in sorted(groups.items(), key=lambda kv: (-kv[0][0], kv[0][1]))
    ]  # fmt: skip
    totals: dict[int, list[int]] = {}
    for line in lines:
        t = totals.setdefault(line.year, [0, 0])
        t[0] += line.held
        t[1] += line.trained
    years = [
        YearTotal(y, h, t, PLAN_PARTICIPANTS_PER_YEAR)
        for y, (h, t) in sorted(totals.items(), reverse=True)
    ]
    return lines, years


@access.operation(access.SIGNED_IN)
def plan_doc(ctx: AppContext) -> PlanDoc:
    """Plan against actual as a document to print (the office's heading, today's date)."""
    lines, years = plan_against_actual(ctx)
    return PlanDoc(office_heading(ctx), tuple(lines), tuple(years), today())
