"""Search strategies: ReAct / CoT@N and DFSDT. A strategy builds a Trajectory and nothing else:
it never scores and never touches storage."""
