"""ToolBench and StableToolBench file formats and naming rules, reproduced exactly."""
