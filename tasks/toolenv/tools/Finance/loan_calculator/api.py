"""Loan Calculator: loan payments, amortization schedules, compound interest and savings goals."""

import importlib.util
import math
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
    "tool_name": "Loan Calculator",
    "tool_description": "Monthly loan payments, amortization schedules, compound interest and monthly savings needed for a goal.",
}


def _check(principal, rate, years):
    kit.require(principal > 0, f"Invalid principal {principal}: it must be positive.")
    kit.require(0 <= rate <= 100, f"Invalid annual_rate {rate}: give a percentage between 0 and 100.")
    kit.require(0 < years <= 50, f"Invalid years {years}: choose more than 0 and at most 50.")


def _payment(principal, rate, months):
    monthly = rate / 100 / 12
    return principal / months if monthly == 0 else principal * monthly / (1 - (1 + monthly) ** -months)


@kit.api("Monthly Payment", example={"principal": 250000, "annual_rate": 4.5, "years": 30})
def monthly_payment(principal: float, annual_rate: float, years: int):
    """Fixed monthly payment of an amortizing loan, total paid and total interest.

    principal: Amount borrowed.
    annual_rate: Yearly interest rate in percent, e.g. 4.5.
    years: Loan term in years.
    """
    _check(principal, annual_rate, years)
    payment = _payment(principal, annual_rate, years * 12)
    return {
        "monthly_payment": round(payment, 2),
        "total_paid": round(payment * years * 12, 2),
        "total_interest": round(payment * years * 12 - principal, 2),
        "months": years * 12,
    }


@kit.api("Amortization Schedule", example={"principal": 20000, "annual_rate": 6, "years": 5})
def amortization_schedule(principal: float, annual_rate: float, years: int, page: int = 1, limit: int = 12):
    """Month-by-month split of each payment into interest and principal, with the remaining balance.

    principal: Amount borrowed.
    annual_rate: Yearly interest rate in percent.
    years: Loan term in years.
    page: Page number, starting at 1.
    limit: Months per page (1-50).
    """
    _check(principal, annual_rate, years)
    payment = _payment(principal, annual_rate, years * 12)
    balance, rows = principal, []
    for month in range(1, years * 12 + 1):
        interest = balance * annual_rate / 100 / 12
        balance = max(0.0, balance - (payment - interest))
        rows.append(
            {
                "month": month,
                "payment": round(payment, 2),
                "interest": round(interest, 2),
                "principal": round(payment - interest, 2),
                "balance": round(balance, 2),
            }
        )
    return {"monthly_payment": round(payment, 2), **kit.paginate(rows, page, limit, key="schedule")}


@kit.api("Compound Interest", example={"principal": 10000, "annual_rate": 5, "years": 10})
def compound_interest(principal: float, annual_rate: float, years: int, compounds_per_year: int = 12):
    """Future value of a deposit with compound interest.

    principal: Amount deposited.
    annual_rate: Yearly interest rate in percent.
    years: Number of years.
    compounds_per_year: How often interest is added per year (1, 4, 12 or 365).
    """
    _check(principal, annual_rate, years)
    kit.require(compounds_per_year in (1, 4, 12, 365), "Invalid compounds_per_year: use 1, 4, 12 or 365.")
    value = principal * (1 + annual_rate / 100 / compounds_per_year) ** (compounds_per_year * years)
    return {
        "future_value": round(value, 2),
        "interest_earned": round(value - principal, 2),
        "effective_annual_rate": round(
            ((1 + annual_rate / 100 / compounds_per_year) ** compounds_per_year - 1) * 100, 3
        ),
    }


@kit.api("Savings Goal", example={"goal": 50000, "annual_rate": 3, "years": 8})
def savings_goal(goal: float, annual_rate: float, years: int, initial_deposit: float = 0):
    """Monthly deposit needed to reach a savings goal, interest compounded monthly.

    goal: Target amount.
    annual_rate: Yearly interest rate in percent.
    years: Years until the goal.
    initial_deposit: Amount already saved at the start.
    """
    _check(goal, annual_rate, years)
    kit.require(initial_deposit >= 0, "initial_deposit must not be negative.")
    monthly, months = annual_rate / 100 / 12, years * 12
    grown = initial_deposit * (1 + monthly) ** months
    factor = months if monthly == 0 else ((1 + monthly) ** months - 1) / monthly
    needed = max(0.0, (goal - grown) / factor)
    return {
        "monthly_deposit": round(needed, 2),
        "months": months,
        "total_deposited": round(needed * months + initial_deposit, 2),
        "interest_earned": round(goal - needed * months - initial_deposit, 2)
        if needed
        else round(grown - initial_deposit, 2),
        "reachable_without_deposits": math.isclose(needed, 0.0),
    }
