"""Color Converter: HEX, RGB and HSL conversions and colour contrast."""

import colorsys
import importlib.util
import re
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
    "tool_name": "Color Converter",
    "tool_description": "Convert colours between HEX, RGB and HSL, and compute the WCAG contrast ratio of two colours.",
}


def _rgb(hex_color):
    value = kit.non_empty(hex_color, "hex").lstrip("#")
    kit.require(re.fullmatch(r"[0-9a-fA-F]{6}", value) is not None, f"Invalid hex colour '{hex_color}': use #RRGGBB.")
    return tuple(int(value[i : i + 2], 16) for i in (0, 2, 4))


@kit.api("Hex to RGB", example={"hex": "#1E90FF"})
def hex_to_rgb(hex: str):
    """Red, green and blue (0-255) of a HEX colour, and its HSL.

    hex: Colour as #RRGGBB.
    """
    r, g, b = _rgb(hex)
    h, light, s = colorsys.rgb_to_hls(r / 255, g / 255, b / 255)
    return {
        "hex": "#" + hex.lstrip("#").upper(),
        "rgb": {"r": r, "g": g, "b": b},
        "hsl": {"h": round(h * 360), "s": round(s * 100), "l": round(light * 100)},
    }


@kit.api("RGB to Hex", example={"r": 255, "g": 165, "b": 0})
def rgb_to_hex(r: int, g: int, b: int):
    """The HEX code of an RGB colour.

    r: Red, 0-255.
    g: Green, 0-255.
    b: Blue, 0-255.
    """
    for name, value in (("r", r), ("g", g), ("b", b)):
        kit.require(0 <= value <= 255, f"Invalid {name} {value}: channels range from 0 to 255.")
    return {"hex": f"#{r:02X}{g:02X}{b:02X}"}


@kit.api("Contrast Ratio", example={"foreground": "#FFFFFF", "background": "#1E90FF"})
def contrast_ratio(foreground: str, background: str):
    """WCAG contrast ratio of two colours and whether it passes AA for normal text (4.5:1).

    foreground: Text colour as #RRGGBB.
    background: Background colour as #RRGGBB.
    """

    def luminance(rgb):
        channels = [c / 255 for c in rgb]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    a, b = sorted((luminance(_rgb(foreground)), luminance(_rgb(background))), reverse=True)
    ratio = round((a + 0.05) / (b + 0.05), 2)
    return {"ratio": ratio, "passes_aa_normal_text": ratio >= 4.5, "passes_aa_large_text": ratio >= 3}
