"""Instruction generators: the offline composer (default) and the LLM generator, behind one interface."""
