"""Grounding on the parts the sandbox templates now declare: yes/no parts, lists bound to what they
are, cut observations, codes an answer names. Each test holds an answer a careful agent gives (it
must pass) beside the adversary's version of it (it must fail)."""

from __future__ import annotations

import json

from harness.eval.grounding import observation_fields
from harness.eval.rule import verdict
from harness.models.oracle import answer_text
from harness.types.query import Gold, GoldPart


def _observation(response: object) -> str:
    return json.dumps({"error": "", "response": response})


def judged(answer: str, gold: Gold, query: str, responses: list[object]) -> tuple[bool, str]:
    passed, reason, _ = verdict(answer, gold, query, [_observation(r) for r in responses])
    return passed, reason


PRIME_QUERY = "Is 54859 a prime number? What's the next prime after it?"
PRIME = {"number": 54859, "is_prime": False, "next_prime": 54869}
PRIME_GOLD = Gold(
    facts=["no", "54869"],
    parts=[GoldPart(facts=["no"], context=["prime", "is prime", "not prime"]), GoldPart(facts=["54869"])],
)


def test_a_yes_no_binds_past_the_number_the_query_asks_about() -> None:
    # "54859" sits between "No" and "prime"; it is the query's own number, not what "prime" is said of.
    assert judged("No, 54859 is not prime; the next prime is 54869.", PRIME_GOLD, PRIME_QUERY, [PRIME])[0]
    assert judged(answer_text(PRIME_GOLD), PRIME_GOLD, PRIME_QUERY, [PRIME])[0]
    # The pasted response says "no" about nothing.
    passed, reason = judged("54859, no, 54869", PRIME_GOLD, PRIME_QUERY, [PRIME])
    assert not passed and "stated without what they are: 'no'" in reason


MAIL_QUERY = "Is tara.rahman@outlook.com a valid email address that can receive mail? Is it disposable?"
MAIL = {"email": "tara.rahman@outlook.com", "valid_syntax": True, "disposable": False, "domain_accepts_mail": True}
MAIL_GOLD = Gold(
    facts=["yes", "no"],
    parts=[
        GoldPart(facts=["yes"], context=["valid", "receive"]),
        GoldPart(facts=["no"], context=["disposable", "throwaway"]),
    ],
)


def test_two_yes_no_parts_each_take_one_answer() -> None:
    assert judged("Valid: yes, it can receive mail. Disposable: no.", MAIL_GOLD, MAIL_QUERY, [MAIL])[0]
    # The other part's "no" is no excuse for answering "valid" both ways.
    passed, reason = judged("Valid: yes. Disposable: no. Valid: no.", MAIL_GOLD, MAIL_QUERY, [MAIL])
    assert not passed and "several values" in reason


FORECAST_QUERY = "What are the highs in Oslo for the next four days?"
FORECAST = {"city": "Oslo", "forecast": [{"max_temp": t} for t in (21, 23, 19, 18)]}
FORECAST_GOLD = Gold(
    facts=["21", "23", "19", "18"], parts=[GoldPart(facts=["21", "23", "19", "18"], context=["max", "temp"], many=True)]
)


def test_a_list_of_weak_values_is_said_in_a_row_after_what_it_is() -> None:
    # Only the first member sits next to "max temp"; the rest follow it.
    assert judged("Max temp: 21, 23, 19 and 18.", FORECAST_GOLD, FORECAST_QUERY, [FORECAST])[0]
    passed, reason = judged("21 23 19 18", FORECAST_GOLD, FORECAST_QUERY, [FORECAST])
    assert not passed and "stated without what they are" in reason


def test_an_invented_number_beside_a_list_member_contradicts_it() -> None:
    passed, reason = judged(
        "Max temp: 21, 23, 19 and 18. Max temp: 21, 25, 19 and 18.", FORECAST_GOLD, FORECAST_QUERY, [FORECAST]
    )
    assert not passed and "25 besides '23'" in reason


DNS_QUERY = "What's the mail server of bluegatepower.com?"
DNS = {"domain": "bluegatepower.com", "type": "MX", "records": ["mail.bluegatepower.com"]}
DNS_GOLD = Gold(
    facts=["mail bluegatepower com"],
    parts=[GoldPart(facts=["mail bluegatepower com"], context=["mail server", "mx record"], many=True)],
)


def test_naming_a_value_by_its_code_is_not_a_dump() -> None:
    # "MX" is the only response value the question did not ask for; saying it is not pasting.
    assert judged("The MX record, its mail server, is mail.bluegatepower.com.", DNS_GOLD, DNS_QUERY, [DNS])[0]


def test_a_cut_observation_still_gives_its_whole_values() -> None:
    cut = _observation({"coins": [{"name": f"Coin {n}", "price": n} for n in range(80)]})[:300] + "..."
    fields = observation_fields(cut)
    assert ("name", "coin 0") in fields and ("price", "3") in fields
    assert all(value for _, value in fields)  # the value the cut split in two is left out
    assert observation_fields("not json at all") == []


def test_a_domain_in_the_answer_is_one_value_not_three_clauses() -> None:
    assert judged("The mail server is mail.bluegatepower.com.", DNS_GOLD, DNS_QUERY, [DNS])[0]
    mail = Gold(
        facts=["olivia varga gmail com"],
        parts=[GoldPart(facts=["olivia varga gmail com"], context=["meant", "corrected"])],
    )
    query = "A customer typed olivia.varga@gmial.com. What did they probably mean?"
    response = {"email": "olivia.varga@gmial.com", "suggestion": "olivia.varga@gmail.com"}
    assert judged("They probably meant olivia.varga@gmail.com.", mail, query, [response])[0]
    assert not judged("olivia.varga@gmial.com, olivia.varga@gmail.com", mail, query, [response])[0]
