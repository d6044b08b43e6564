from tests.runner.conftest import task_root

__all__ = ["task_root"]
