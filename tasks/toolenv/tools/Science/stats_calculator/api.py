"""Stats Calculator: descriptive statistics, percentiles, correlation and regression."""

import importlib.util
import math
import statistics
import sys
from pathlib import Path

_KIT = str(Path(__file__).resolve().parents[3] / "_lib" / "toolkit.py")
if _KIT not in sys.modules:  # the shared toolkit, loaded by path (see _lib/toolkit.py)
    _spec = importlib.util.spec_from_file_location("toolenv_toolkit", _KIT)
    _module = importlib.util.module_from_spec(_spec)
    _spec.loader.exec_module(_module)  # published only when complete: tools load in parallel threads
    sys.modules.setdefault(_KIT, _module)
kit = sys.modules[_KIT]

TOOL = {
    "tool_name": "Stats Calculator",
    "tool_description": "Descriptive statistics, percentiles, z-scores, correlation, linear regression and moving averages.",
}


def _numbers(values, name="values", minimum=1):
    try:
        numbers = [float(v) for v in kit.non_empty(values, name).replace(";", ",").split(",") if v.strip()]
    except ValueError:
        raise kit.ApiError(f"Invalid {name}: give numbers separated by commas, e.g. '3, 5.5, 8'.") from None
    kit.require(len(numbers) >= minimum, f"{name} needs at least {minimum} numbers.")
    return numbers


def _r(x):
    return round(x, 4)


@kit.api("Describe Data", example={"values": "4, 8, 15, 16, 23, 42"})
def describe_data(values: str):
    """Count, mean, median, sample standard deviation, minimum and maximum of a list of numbers.

    values: Numbers separated by commas.
    """
    xs = _numbers(values, minimum=2)
    return {
        "count": len(xs),
        "mean": _r(statistics.fmean(xs)),
        "median": _r(statistics.median(xs)),
        "stdev": _r(statistics.stdev(xs)),
        "min": min(xs),
        "max": max(xs),
        "sum": _r(sum(xs)),
    }


@kit.api("Percentile", example={"values": "12, 15, 20, 22, 30, 41, 55", "percentile": 90})
def percentile(values: str, percentile: float):
    """A percentile of a list of numbers (linear interpolation between closest ranks).

    values: Numbers separated by commas.
    percentile: Percentile between 0 and 100.
    """
    xs = sorted(_numbers(values))
    kit.require(0 <= percentile <= 100, f"Invalid percentile {percentile}: choose 0 to 100.")
    position = (len(xs) - 1) * percentile / 100
    low, high = math.floor(position), math.ceil(position)
    return {"percentile": percentile, "value": _r(xs[low] + (xs[high] - xs[low]) * (position - low))}


@kit.api("Z Score", example={"value": 75, "values": "60, 65, 70, 72, 80, 85"})
def z_score(value: float, values: str):
    """How many sample standard deviations a value lies from the mean of a list.

    value: The value to place.
    values: Numbers separated by commas.
    """
    xs = _numbers(values, minimum=2)
    sd = statistics.stdev(xs)
    kit.require(sd > 0, "All values are equal: the z-score is undefined.")
    return {"value": value, "mean": _r(statistics.fmean(xs)), "z_score": _r((value - statistics.fmean(xs)) / sd)}


@kit.api("Correlation", example={"x": "1, 2, 3, 4, 5", "y": "2, 4, 5, 4, 5"})
def correlation(x: str, y: str):
    """Pearson correlation coefficient of two equally long lists.

    x: First list of numbers, comma-separated.
    y: Second list of numbers, comma-separated.
    """
    xs, ys = _numbers(x, "x", 2), _numbers(y, "y", 2)
    kit.require(len(xs) == len(ys), f"x has {len(xs)} numbers but y has {len(ys)}: they must be equally long.")
    try:
        return {"n": len(xs), "pearson_r": _r(statistics.correlation(xs, ys))}
    except statistics.StatisticsError:
        raise kit.ApiError("Correlation is undefined when one list is constant.") from None


@kit.api("Linear Regression", example={"x": "1, 2, 3, 4, 5", "y": "3, 5, 7, 9, 11"})
def linear_regression(x: str, y: str, predict_x: float = 0):
    """Least-squares line y = slope * x + intercept, and a prediction.

    x: Independent values, comma-separated.
    y: Dependent values, comma-separated.
    predict_x: An x to predict y for.
    """
    xs, ys = _numbers(x, "x", 2), _numbers(y, "y", 2)
    kit.require(len(xs) == len(ys), f"x has {len(xs)} numbers but y has {len(ys)}: they must be equally long.")
    try:
        slope, intercept = statistics.linear_regression(xs, ys)
    except statistics.StatisticsError:
        raise kit.ApiError("Regression is undefined when all x values are equal.") from None
    return {
        "slope": _r(slope),
        "intercept": _r(intercept),
        "predict_x": predict_x,
        "predicted_y": _r(slope * predict_x + intercept),
    }


@kit.api("Moving Average", example={"values": "10, 12, 13, 12, 15, 18, 20", "window": 3})
def moving_average(values: str, window: int):
    """Simple moving averages over a sliding window.

    values: Numbers separated by commas.
    window: Window size (2 up to the number of values).
    """
    xs = _numbers(values)
    kit.require(2 <= window <= len(xs), f"Invalid window {window}: choose 2 to {len(xs)}.")
    return {
        "window": window,
        "averages": [_r(statistics.fmean(xs[i : i + window])) for i in range(len(xs) - window + 1)],
    }
