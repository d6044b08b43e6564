"""Small helpers with no harness-specific knowledge."""
