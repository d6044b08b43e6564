"""Trivia Vault: quiz questions by category and difficulty, with answer checking."""

import importlib.util
import sys
from pathlib import Path

_KIT = str(Path(__file__).resolve().parents[3] / "_lib" / "toolkit.py")
if _KIT not in sys.modules:  # the shared toolkit, loaded by path (see _lib/toolkit.py)
    _spec = importlib.util.spec_from_file_location("toolenv_toolkit", _KIT)
    _module = importlib.util.module_from_spec(_spec)
    _spec.loader.exec_module(_module)  # published only when complete: tools load in parallel threads
    sys.modules.setdefault(_KIT, _module)
kit = sys.modules[_KIT]

TOOL = {
    "tool_name": "Trivia Vault",
    "tool_description": "Multiple-choice trivia questions about geography, science and astronomy, and an answer checker.",
}


@kit.api("Trivia Categories", example={"include_counts": True})
def trivia_categories(include_counts: bool):
    """Question categories, optionally with how many questions each has.

    include_counts: Add question counts when true.
    """
    counts = {}
    for q in kit.table("trivia"):
        counts[q["category"]] = counts.get(q["category"], 0) + 1
    return {"categories": [{"name": c, "questions": counts[c]} if include_counts else c for c in sorted(counts)]}


@kit.api("Trivia Questions", example={"category": "Geography"})
def trivia_questions(category: str, difficulty: str = "", page: int = 1, limit: int = 5):
    """Questions of a category with their choices (answers are not included).

    category: Geography, Science or Astronomy.
    difficulty: easy, medium or hard; empty for all.
    page: Page number, starting at 1.
    limit: Questions per page (1-50).
    """
    categories = sorted({q["category"] for q in kit.table("trivia")})
    kit.require(category in categories, f"Unknown category '{category}': use {', '.join(categories)}.")
    kit.require(
        difficulty in ("", "easy", "medium", "hard"), f"Invalid difficulty '{difficulty}': use easy, medium or hard."
    )
    rows = [
        {"question_id": q["id"], "question": q["question"], "choices": q["choices"], "difficulty": q["difficulty"]}
        for q in kit.table("trivia")
        if q["category"] == category and difficulty in ("", q["difficulty"])
    ]
    return kit.paginate(rows, page, limit, key="questions")


@kit.api(
    "Check Answer",
    example=lambda: {"question_id": kit.table("trivia")[0]["id"], "answer": kit.table("trivia")[0]["answer"]},
)
def check_answer(question_id: str, answer: str):
    """Whether an answer to a question is right, and the right answer.

    question_id: The question_id from Trivia Questions.
    answer: The chosen answer.
    """
    q = kit.get("trivia", "id", str(question_id).strip(), "question", "Get questions with Trivia Questions.")
    return {"question_id": q["id"], "correct": kit.fold(answer) == kit.fold(q["answer"]), "correct_answer": q["answer"]}
