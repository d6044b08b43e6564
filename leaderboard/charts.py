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


INTERVAL_NAMES = {"bootstrap": "95% bootstrap interval", "published sd": "± spread the source printed"}


def board_bars(rows: pd.DataFrame, title: str) -> alt.LayerChart:
    """The board's headline: each row's average (percent) in rank order, its interval as a whisker,
    and a legend naming the kind of interval."""
    rows = rows.assign(interval=rows["interval_kind"].map(INTERVAL_NAMES).fillna("none stated"))
    base = alt.Chart(rows, title=title).encode(
        y=alt.Y("label:N", sort=None, title=None, axis=alt.Axis(labelLimit=360)),
    )
    bars = base.mark_bar(color="#4c78a8").encode(
        x=alt.X("average:Q", title="average (percent)", scale=alt.Scale(domain=[0, 100])),
        tooltip=["rank", "run", alt.Tooltip("average:Q", format=".1f"), "interval", "n"],
    )
    whiskers = base.mark_rule(strokeWidth=2).encode(
        x="low:Q",
        x2="high:Q",
        color=alt.Color("interval:N", title="interval", scale=alt.Scale(range=["#222", "#e45756", "#999"])),
    )
    return alt.layer(bars, whiskers).properties(height=alt.Step(22))


def pass_k_curves(repeated: pd.DataFrame) -> alt.Chart:
    """pass@k (at least one of k tries passes) and pass^k (all k pass) against k."""
    return (
        alt.Chart(repeated, title="pass@k and pass^k")
        .mark_line(point=True)
        .encode(
            x=alt.X("k:O", title="k (tries)"),
            y=alt.Y("value:Q", title="percent", scale=alt.Scale(domain=[0, 100])),
            color=alt.Color("measure:N", title=None),
            strokeDash=alt.StrokeDash("judge:N"),
            tooltip=["judge", "measure", "k", alt.Tooltip("value:Q", format=".1f"), "runs", "queries"],
        )
        .properties(height=240)
    )


PAIRED = {"A better": "only A passes", "B better": "only B passes", "both pass": "both pass",
          "both fail or tie": "both fail (or tie)"}  # fmt: skip
PAIRED_COLORS = ["#4c78a8", "#f58518", "#54a24b", "#bab0ac"]


def paired_bars(outcomes: pd.DataFrame) -> alt.Chart:
    """Per group, how many queries both runs pass, only A passes, only B passes, or both fail."""
    shown = outcomes[outcomes["outcome"].isin(PAIRED)].assign(pair=lambda f: f["outcome"].map(PAIRED))
    counts = shown.groupby(["group", "pair"], as_index=False).size().rename(columns={"size": "queries"})
    return (
        alt.Chart(counts, title="Per query, paired")
        .mark_bar()
        .encode(
            y=alt.Y("group:N", title=None),
            x=alt.X("queries:Q", stack="zero", title="queries"),
            color=alt.Color(
                "pair:N",
                title=None,
                sort=list(PAIRED.values()),
                scale=alt.Scale(domain=list(PAIRED.values()), range=PAIRED_COLORS),
            ),
            order=alt.Order("pair:N"),
            tooltip=["group", "pair", "queries"],
        )
        .properties(height=alt.Step(30))
    )
