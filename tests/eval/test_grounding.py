"""The rule judge's grounding: invented values, several values where one is asked, weak facts said
about nothing, dumps of the responses; and correct answers (computed values included) still pass."""

from __future__ import annotations

import json

from harness.eval.base import EvalItem
from harness.eval.labels import PassLabel
from harness.eval.rule import RuleJudge, verdict
from harness.models.oracle import answer_text
from harness.types.query import Gold, GoldPart, Query
from harness.types.trajectory import FinishType, NodeKind, Trajectory, TrajectoryNode

QUERY = "What categories does ShopHub have? How big is Books & Office?"
CATEGORIES = {
    "categories": [
        {"name": "Books & Office", "products": 35, "id": "c1"},
        {"name": "Toys", "products": 20, "id": "c2"},
        {"name": "Garden", "products": 12, "id": "c3"},
    ]
}
OBSERVATIONS = [json.dumps({"error": "", "response": CATEGORIES})]
GOLD = Gold(
    facts=["books office", "toys", "garden", "35"],
    parts=[
        GoldPart(facts=["books office", "toys", "garden"], many=True),
        GoldPart(facts=["35"], context=["products", "books office"]),
    ],
)


def judged(answer: str, gold: Gold = GOLD, observations: list[str] = OBSERVATIONS) -> tuple[bool, str]:
    passed, reason, _ = verdict(answer, gold, QUERY, observations)
    return passed, reason


def test_a_correct_answer_passes_in_several_wordings() -> None:
    assert judged("ShopHub has Books & Office, Toys and Garden. Books & Office has 35 products.")[0]
    assert judged("Categories: Books & Office (35 products), Toys, Garden.")[0]
    assert judged(answer_text(GOLD))[0]


def test_a_number_spray_fails_on_grounding_and_binding() -> None:
    spray = "books office toys garden " + " ".join(str(n) for n in range(200))
    passed, reason = judged(spray)
    assert not passed and "appear in no observation" in reason


def test_a_weak_fact_must_sit_next_to_its_context() -> None:
    passed, reason = judged("Books & Office, Toys, Garden. Also 35.")
    assert not passed and "'35'" in reason and "stated without what they are" in reason


def test_a_second_value_for_one_fact_fails() -> None:
    passed, reason = judged("Books & Office, Toys, Garden. Books & Office has 35 products, or 36 products.")
    assert not passed and "several values" in reason and "36" in reason


def test_a_rival_of_the_same_response_field_fails() -> None:
    gold = Gold(
        facts=["garden", "12"], parts=[GoldPart(facts=["garden"]), GoldPart(facts=["12"], context=["products"])]
    )
    passed, reason = judged("The smallest category is Garden with 12 products, or maybe Toys.", gold)
    assert not passed and "'toys' besides 'garden'" in reason
    assert judged("The smallest category is Garden with 12 products.", gold)[0]


def test_yes_and_no_together_fail() -> None:
    gold = Gold(facts=["yes"], parts=[GoldPart(facts=["yes"], context=["books office"])])
    assert judged("Yes, Books & Office exists.", gold)[0]
    passed, reason = judged("Yes, Books & Office exists. No.", gold)
    assert not passed and "'no' besides 'yes'" in reason


def test_invented_values_beyond_a_few_fail_and_computed_gold_counts_as_grounded() -> None:
    gold = Gold(facts=["67"], parts=[GoldPart(facts=["67"], context=["products", "total"])])
    # 67 = 35 + 20 + 12 is in no observation: the gold path computed it, so it is grounded.
    assert judged("In total there are 67 products.", gold)[0]
    passed, reason = judged("In total there are 67 products, 4411 reviews, 9120 buyers, 3310 sellers, 7777 ads.", gold)
    assert not passed and "4 values appear in no observation" in reason


def test_pasting_the_responses_fails() -> None:
    gold = Gold(facts=["35"], parts=[GoldPart(facts=["35"], context=["products", "books office"])])
    passed, reason = judged("books office 35, c1, toys, 20, c2, garden, 12, c3", gold)
    assert not passed and "a dump of the responses" in reason


def _trajectory(answer: str, observation: str) -> Trajectory:
    nodes = [
        TrajectoryNode(id=0, parent_id=None, kind=NodeKind.ACTION_INPUT),
        TrajectoryNode(id=1, parent_id=0, kind=NodeKind.ACTION, content="list_categories_for_shophub"),
        TrajectoryNode(id=2, parent_id=1, kind=NodeKind.ACTION_INPUT, content="{}", observation=observation),
    ]
    return Trajectory(
        query_id="1", nodes=nodes, final_answer=answer, finish_type=FinishType.GIVE_ANSWER, chosen_path=[1, 2]
    )


def test_the_judge_grounds_on_the_judged_episode_not_the_gold_path() -> None:
    query = Query(query_id="1", text=QUERY, gold=GOLD)
    answer = "Books & Office (35 products), Toys, Garden; 1234, 5678, 9012, 3456 more."
    judge = RuleJudge()
    more = {**CATEGORIES, "ids": [1234, 5678, 9012, 3456], "codes": ["a1", "b2", "c3", "d4", "e5", "f6", "g7"]}
    seen = judge.judge(EvalItem("g", _trajectory(answer, json.dumps({"error": "", "response": more})), query))
    assert seen.label == PassLabel.PASSED, seen.reason
    unseen = judge.judge(EvalItem("g", _trajectory(answer, OBSERVATIONS[0]), query))
    assert unseen.label == PassLabel.FAILED and "appear in no observation" in unseen.reason
