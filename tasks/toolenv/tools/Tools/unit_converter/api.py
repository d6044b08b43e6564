"""Unit Converter: length, weight, volume, speed and temperature conversions."""

import importlib.util
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
    "tool_name": "Unit Converter",
    "tool_description": "Converts values between units of length, weight, volume, speed and temperature.",
}
FACTORS = {
    "length": {
        "mm": 0.001,
        "cm": 0.01,
        "m": 1.0,
        "km": 1000.0,
        "in": 0.0254,
        "ft": 0.3048,
        "yd": 0.9144,
        "mi": 1609.344,
    },
    "weight": {
        "mg": 1e-6,
        "g": 0.001,
        "kg": 1.0,
        "t": 1000.0,
        "oz": 0.028349523125,
        "lb": 0.45359237,
        "st": 6.35029318,
    },
    "volume": {
        "ml": 0.001,
        "l": 1.0,
        "m3": 1000.0,
        "tsp": 0.00492892,
        "tbsp": 0.0147868,
        "cup": 0.236588,
        "floz": 0.0295735,
        "gal": 3.785411784,
    },
    "speed": {"m/s": 1.0, "km/h": 1 / 3.6, "mph": 0.44704, "knot": 0.514444},
}


def _convert(kind, value, from_unit, to_unit):
    units = FACTORS[kind]
    for unit in (from_unit, to_unit):
        kit.require(unit in units, f"Unknown {kind} unit '{unit}'. Supported: {', '.join(units)}.")
    result = value * units[from_unit] / units[to_unit]
    return {"value": value, "from": from_unit, "to": to_unit, "result": round(result, 4)}


@kit.api("List Units", example={"quantity": "length"})
def list_units(quantity: str):
    """The unit symbols accepted for a quantity.

    quantity: length, weight, volume, speed or temperature.
    """
    if quantity == "temperature":
        return {"quantity": quantity, "units": ["C", "F", "K"]}
    kit.require(
        quantity in FACTORS, f"Unknown quantity '{quantity}': use length, weight, volume, speed or temperature."
    )
    return {"quantity": quantity, "units": list(FACTORS[quantity])}


@kit.api("Convert Length", example={"value": 10, "from_unit": "km", "to_unit": "mi"})
def convert_length(value: float, from_unit: str, to_unit: str):
    """Convert a length.

    value: The number to convert.
    from_unit: mm, cm, m, km, in, ft, yd or mi.
    to_unit: mm, cm, m, km, in, ft, yd or mi.
    """
    return _convert("length", value, from_unit, to_unit)


@kit.api("Convert Weight", example={"value": 150, "from_unit": "lb", "to_unit": "kg"})
def convert_weight(value: float, from_unit: str, to_unit: str):
    """Convert a weight (mass).

    value: The number to convert.
    from_unit: mg, g, kg, t, oz, lb or st.
    to_unit: mg, g, kg, t, oz, lb or st.
    """
    return _convert("weight", value, from_unit, to_unit)


@kit.api("Convert Volume", example={"value": 2, "from_unit": "cup", "to_unit": "ml"})
def convert_volume(value: float, from_unit: str, to_unit: str):
    """Convert a volume (US cups, fluid ounces and gallons).

    value: The number to convert.
    from_unit: ml, l, m3, tsp, tbsp, cup, floz or gal.
    to_unit: ml, l, m3, tsp, tbsp, cup, floz or gal.
    """
    return _convert("volume", value, from_unit, to_unit)


@kit.api("Convert Speed", example={"value": 100, "from_unit": "km/h", "to_unit": "mph"})
def convert_speed(value: float, from_unit: str, to_unit: str):
    """Convert a speed.

    value: The number to convert.
    from_unit: m/s, km/h, mph or knot.
    to_unit: m/s, km/h, mph or knot.
    """
    return _convert("speed", value, from_unit, to_unit)


@kit.api("Convert Temperature", example={"value": 72, "from_unit": "F", "to_unit": "C"})
def convert_temperature(value: float, from_unit: str, to_unit: str):
    """Convert a temperature between Celsius, Fahrenheit and Kelvin.

    value: The temperature.
    from_unit: C, F or K.
    to_unit: C, F or K.
    """
    to_kelvin = {"C": lambda v: v + 273.15, "F": lambda v: (v - 32) * 5 / 9 + 273.15, "K": lambda v: v}
    from_kelvin = {"C": lambda k: k - 273.15, "F": lambda k: (k - 273.15) * 9 / 5 + 32, "K": lambda k: k}
    for unit in (from_unit, to_unit):
        kit.require(unit in to_kelvin, f"Unknown temperature unit '{unit}': use C, F or K.")
    kelvin = to_kelvin[from_unit](value)
    kit.require(kelvin >= 0, f"{value} {from_unit} is below absolute zero.")
    return {"value": value, "from": from_unit, "to": to_unit, "result": round(from_kelvin[to_unit](kelvin), 2)}
