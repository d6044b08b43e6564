"""ToolBench and StableToolBench file formats and naming rules, reproduced exactly.

Every format module here depends only on the core types; ``importing`` and ``exporting`` move those
files into and out of the store (``harness import``, ``harness export``).
"""
