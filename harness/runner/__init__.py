"""``harness run``: plan a run from its spec, then execute its episodes concurrently and resumably."""
