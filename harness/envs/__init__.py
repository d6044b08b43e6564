"""Tool environments: one async call() per backend (see base.ToolEnv)."""
