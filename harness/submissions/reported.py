"""Reported submissions: published numbers, checked for shape (not for truth) before they are shown
beside our own runs."""

from __future__ import annotations

from harness.submissions.format import AVERAGE, Submission
from harness.tasks import TaskSpec


def check_reported(meta: Submission, tasks: list[TaskSpec]) -> list[tuple[str, str]]:
    """(field, message) for every problem in ``results``: unique ids, known groups, percentages in
    0..100, and win rates whose reference is another entry of the same submission."""
    problems: list[tuple[str, str]] = []
    groups = {t.group for t in tasks} | {AVERAGE}
    ids = [entry.id for entry in meta.results]
    for index, entry in enumerate(meta.results):
        where = f"results[{index}]"
        if ids.count(entry.id) > 1:
            problems.append((f"{where}.id", f"{entry.id!r} is used by more than one entry"))
        metrics = [(s.metric, s.judge, s.reference) for s in entry.scores]
        for number, scores in enumerate(entry.scores):
            at = f"{where}.scores[{number}]"
            if metrics.count((scores.metric, scores.judge, scores.reference)) > 1:
                problems.append((at, f"a second {scores.metric} by judge {scores.judge!r} for this entry"))
            if scores.reference is not None and (scores.reference not in ids or scores.reference == entry.id):
                problems.append((f"{at}.reference", f"{scores.reference!r} is not the id of another entry"))
            if not scores.values:
                problems.append((f"{at}.values", "holds no value"))
            for table in ("values", "std", "n"):
                for group, number_value in getattr(scores, table).items():
                    if group not in groups:
                        known = ", ".join(sorted(groups))
                        problems.append((f"{at}.{table}.{group}", f"is not a group of the listed tasks ({known})"))
                    elif table != "n" and not 0.0 <= number_value <= 100.0:
                        problems.append((f"{at}.{table}.{group}", f"{number_value} is not a percentage (0 to 100)"))
                    elif table == "n" and number_value < 0:
                        problems.append((f"{at}.n.{group}", "cannot be negative"))
            for group in set(scores.std) - set(scores.values):
                problems.append((f"{at}.std.{group}", "has no value beside it in 'values'"))
    return problems
