"""What the LLM judge is asked. Each question is one function the judge must call, so its verdict
comes back as structured arguments with a reason; the texts are ours and cover ToolEval's criteria.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from harness.types.messages import Function

# Bump when a question's wording or schema changes: stored votes stay tied to the wording that made them.
PROMPT_VERSION = 1

SYSTEM = (
    "You grade the work of an AI assistant that answered a user's request by calling tools (APIs). "
    "Judge only from the material shown; do not assume that facts you cannot see were checked. "
    "Always reply by calling the function you are given, with a short reason."
)


@dataclass(frozen=True)
class Question:
    """One judge question: the function to call and the instructions that go with the material."""

    function: str
    description: str
    verdict: str  # the argument holding the verdict
    choices: tuple[str, ...]
    instructions: str

    def schema(self) -> Function:
        """The function the judge must call: the verdict and a reason, both required."""
        verdict: dict[str, Any] = {"type": "string", "enum": list(self.choices)}
        if self.choices == ("0", "1"):
            verdict = {"type": "integer", "enum": [0, 1], "description": "0 for Answer 0, 1 for Answer 1"}
        return Function(
            name=self.function,
            description=self.description,
            parameters={
                "type": "object",
                "properties": {
                    "reason": {"type": "string", "description": "Why, in one to three sentences."},
                    self.verdict: verdict,
                },
                "required": ["reason", self.verdict],
            },
        )


ANSWER_STATUS = Question(
    function="grade_final_answer",
    description="Report whether the assistant's final answer resolves the user's request.",
    verdict="answer_status",
    choices=("Solved", "Unsolved", "Unsure"),
    instructions="""Decide whether the final answer below resolves the request.
- "Unsolved": the answer apologises, refuses, says it could not help, or does not address what was asked.
- If it does address the request with a direct, substantive reply:
  - "Solved" when the answer on its own is enough to tell that every part of the request is handled;
  - "Unsolved" when it is enough to tell that some part is not handled;
  - "Unsure" when the answer alone is not enough to tell either way.""",
)

ANSWER_STATUS_WITH_TRACE = Question(
    function="grade_answer_with_trace",
    description="Report whether the assistant's work, checked against its tool calls, resolves the request.",
    verdict="answer_status",
    choices=("Solved", "Unsolved", "Unsure"),
    instructions="""Below are the final answer and the chain of steps that produced it ("tool" steps hold the
function called, its arguments and the response). Decide:
- "Unsolved" when every tool call failed or returned an error;
- "Unsolved" when the final answer states things that the tool responses contradict or do not support;
- "Unsure" when you cannot confirm from the responses whether the information given is real and valid;
- "Solved" when successful tool calls produced the information and it answers the request.""",
)

TASK_SOLVABLE = Question(
    function="grade_task_solvability",
    description="Report whether the request can be fulfilled with the tools offered.",
    verdict="task_status",
    choices=("Solvable", "Unsolvable", "Unsure"),
    instructions="""Look at the request and the tools that were offered, and decide whether it can be fulfilled:
- "Unsolvable" when the request contains invalid information (a malformed email address, an impossible
  date or phone number ...);
- "Unsolvable" when it lacks information that is needed (for example, which restaurant to navigate to);
- "Unsure" when you cannot reach a conclusion;
- "Solvable" when the tools offered are enough to fulfil it.""",
)

BETTER_ANSWER = Question(
    function="choose_better_answer",
    description="Pick the better of two answers to the same request; their order carries no meaning.",
    verdict="index",
    choices=("0", "1"),
    instructions="""Two attempts at the same request follow, as JSON. Pick the better one (0 for Answer 0,
1 for Answer 1). The order in which they are shown says nothing about their quality.
First compare the "final_answer" values:
- completeness: does it give everything needed to reply to the request?
- accuracy: does it describe truthfully what was done, and what failed?
- explanation: when the request was not fulfilled, does it explain why, clearly and correctly?
Only if that does not decide it, compare the "answer_details" (the process):
- wasted calls: how many tool calls failed or repeated an earlier one;
- cost: how many steps and how much text the process took;
- progress: how many of the request's sub-tasks were completed;
- exploration: how many successful calls with different tools or arguments were tried.
If you still cannot decide, pick either.""",
)


def question_text(question: Question, material: dict[str, str]) -> str:
    """The user message: the instructions, the material under headed sections, and the function to call."""
    sections = "\n\n".join(f"## {title}\n{body}" for title, body in material.items())
    return (
        f"{question.instructions}\n\n{sections}\n\nCall `{question.function}` with `{question.verdict}` and `reason`."
    )
