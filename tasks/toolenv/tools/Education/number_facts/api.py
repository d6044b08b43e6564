"""Number Facts: primes, factorisation, numbers in words and Roman numerals."""

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
    "tool_name": "Number Facts",
    "tool_description": "Checks primality, factorises integers, spells numbers in English words and converts Roman numerals.",
}
ONES = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
]
TENS = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
ROMAN = [
    (1000, "M"),
    (900, "CM"),
    (500, "D"),
    (400, "CD"),
    (100, "C"),
    (90, "XC"),
    (50, "L"),
    (40, "XL"),
    (10, "X"),
    (9, "IX"),
    (5, "V"),
    (4, "IV"),
    (1, "I"),
]


def _words(n):
    if n < 20:
        return ONES[n]
    if n < 100:
        return TENS[n // 10] + ("-" + ONES[n % 10] if n % 10 else "")
    if n < 1000:
        return ONES[n // 100] + " hundred" + (" " + _words(n % 100) if n % 100 else "")
    for size, name in ((10**9, "billion"), (10**6, "million"), (1000, "thousand")):
        if n >= size:
            return _words(n // size) + " " + name + (" " + _words(n % size) if n % size else "")
    return ""


def _factors(n):
    found, d = [], 2
    while d * d <= n:
        while n % d == 0:
            found.append(d)
            n //= d
        d += 1
    return found + ([n] if n > 1 else [])


@kit.api("Is Prime", example={"number": 97})
def is_prime(number: int):
    """Whether a whole number is prime, and the next prime after it.

    number: A whole number from 0 to 10^12.
    """
    kit.require(0 <= number <= 10**12, f"Invalid number {number}: choose 0 to 10^12.")
    nxt = number + 1
    while len(_factors(nxt)) != 1:
        nxt += 1
    return {"number": number, "is_prime": number > 1 and len(_factors(number)) == 1, "next_prime": nxt}


@kit.api("Prime Factors", example={"number": 360})
def prime_factors(number: int):
    """The prime factorisation of a whole number.

    number: A whole number from 2 to 10^12.
    """
    kit.require(2 <= number <= 10**12, f"Invalid number {number}: choose 2 to 10^12.")
    factors = _factors(number)
    powers = {}
    for f in factors:
        powers[f] = powers.get(f, 0) + 1
    text = " × ".join(f"{p}^{k}" if k > 1 else str(p) for p, k in powers.items())
    return {"number": number, "factors": factors, "expression": text}


@kit.api("Number to Words", example={"number": 1234567})
def number_to_words(number: int):
    """A whole number written in English words.

    number: A whole number from -999999999999 to 999999999999.
    """
    kit.require(abs(number) < 10**12, f"Invalid number {number}: use fewer than 13 digits.")
    return {"number": number, "words": ("minus " if number < 0 else "") + _words(abs(number))}


@kit.api("Roman Numerals", example={"value": "2025"})
def roman_numerals(value: str):
    """Converts a number (1-3999) to Roman numerals, or Roman numerals to a number.

    value: A whole number such as "1987" or Roman numerals such as "MCMLXXXVII".
    """
    value = kit.non_empty(value, "value").upper()
    if value.isdigit():
        n = int(value)
        kit.require(1 <= n <= 3999, f"Invalid number {n}: Roman numerals cover 1 to 3999.")
        out = ""
        for size, letters in ROMAN:
            while n >= size:
                out, n = out + letters, n - size
        return {"number": int(value), "roman": out}
    total, rest = 0, value
    for size, letters in ROMAN:
        while rest.startswith(letters):
            total, rest = total + size, rest[len(letters) :]
    kit.require(
        not rest and total > 0 and roman_numerals(value=str(total)).get("roman") == value,
        f"Invalid Roman numeral '{value}'.",
    )
    return {"number": total, "roman": value}
