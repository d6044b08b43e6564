"""What is wrong with a submission: one line per problem, naming the file and the field."""

from __future__ import annotations

from dataclasses import dataclass

from pydantic import ValidationError


@dataclass(frozen=True)
class Problem:
    """One problem: the file (as the user wrote the submission path), the field inside it, and what
    is wrong and how to fix it."""

    file: str
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}: {self.field}: {self.message}" if self.field else f"{self.file}: {self.message}"


class SubmissionError(ValueError):
    """A submission that cannot be packed, validated or ingested; ``problems`` says why."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(str(problems[0]) if problems else "invalid submission")
        self.problems = problems


def field_path(loc: tuple[int | str, ...]) -> str:
    """``("tasks", 0, "version")`` -> ``tasks[0].version``."""
    text = ""
    for part in loc:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else str(part)
    return text


def validation_problems(file: str, exc: ValidationError) -> list[Problem]:
    """One problem per pydantic error, each at its field."""
    problems = []
    for error in exc.errors():
        message = str(error["msg"]).removeprefix("Value error, ")
        if error["type"] == "extra_forbidden":
            message = "is not a known field (check its spelling)"
        elif error["type"] == "missing":
            message = "is required"
        problems.append(Problem(file, field_path(tuple(error["loc"])), message))
    return problems
