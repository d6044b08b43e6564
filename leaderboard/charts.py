"""Altair charts of stored numbers (nothing here computes a score)."""

from __future__ import annotations

import altair as alt
import pandas as pd


def group_bars(scores: pd.DataFrame, title: str) -> alt.LayerChart:
    """Bars per group (percent) with their intervals as error bars, where the store has them."""
    base = alt.Chart(scores, title=title).encode(
        x=alt.X("group:N", sort=None, title=None, axis=alt.Axis(labelAngle=-30)),
    )
    bars = base.mark_bar(color="#4c78a8").encode(
        y=alt.Y("value:Q", title="percent", scale=alt.Scale(domain=[0, 100])),
        tooltip=["group", alt.Tooltip("value:Q", format=".1f"), "interval", "n"],
    )
    whiskers = base.mark_rule(color="#222").encode(y="ci_low:Q", y2="ci_high:Q")
    return alt.layer(bars, whiskers).properties(height=260)


def failure_bars(failures: pd.DataFrame) -> alt.Chart:
    """How many episodes ended without an answer and how many API calls failed, by kind."""
    return (
        alt.Chart(failures)
        .mark_bar()
        .encode(
            y=alt.Y("failure:N", sort="-x", title=None, axis=alt.Axis(labelLimit=280)),
            x=alt.X("count:Q", title="count"),
            color=alt.Color("where:N", title=None),
            tooltip=["where", "failure", "count"],
        )
        .properties(height=alt.Step(28))
    )


def per_query_calls(usage: pd.DataFrame) -> alt.Chart:
    """LLM calls per query, by group."""
    return (
        alt.Chart(usage, title="LLM calls per query")
        .mark_bar(color="#72b7b2")
        .encode(
            x=alt.X("group:N", sort=None, title=None, axis=alt.Axis(labelAngle=-30)),
            y=alt.Y("llm_calls_per_query:Q", title="calls"),
            tooltip=["group", alt.Tooltip("llm_calls_per_query:Q", format=".2f"), "episodes"],
        )
        .properties(height=220)
    )
