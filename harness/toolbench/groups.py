"""ToolBench's six test groups, in the order its paper and ToolEval list them.

Kept apart from :mod:`harness.tasks` so that readers of stored scores (``harness scores``) can order
groups without importing the task machinery (pydantic models, YAML, query files).
"""

from __future__ import annotations

GROUPS = ("G1_instruction", "G1_category", "G1_tool", "G2_instruction", "G2_category", "G3_instruction")
