"""Builds task suites (instructions, gold, splits) from a tool catalog; never imported at run time."""
