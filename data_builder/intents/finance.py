"""Intents for the Finance tools."""

from __future__ import annotations

from datetime import timedelta

from data_builder.intents.base import Tool, bound, intent, ordinal, pick

STOCKS = Tool("Finance", "Ticker Tape Stocks")
FX = Tool("Finance", "FX Rates")
LOAN = Tool("Finance", "Loan Calculator")
COIN = Tool("Finance", "CoinWatch Crypto")


def _company(rng, w, where=None):
    return pick(rng, w["companies"], where)


@STOCKS.template("search", "Search Symbol")
def _search(rng, w):
    c = _company(rng, w)
    return intent(
        f"stocks.search:{c['id']}",
        [
            f"What's the ticker symbol of {c['name']}, and on which exchange is it listed?",
            f"Under which symbol and on which exchange does {c['name']} trade?",
            f"I want to buy shares of {c['name']}. What ticker do I search for, and on which exchange?",
        ],
        [STOCKS.call("Search Symbol", keywords=c["name"])],
        lambda r: [c["ticker"], c["exchange"]],
    )


@STOCKS.template("quote", "Stock Quote")
def _quote(rng, w):
    c = _company(rng, w)
    return intent(
        f"stocks.quote:{c['id']}",
        [
            f"How much is a {c['name']} share right now, and how did it move since the previous close?",
            f"Get me the latest stock price of {c['name']} with its percentage change.",
            f"What's {c['name']}'s latest share price, and by how many percent did it change?",
        ],
        [STOCKS.call("Search Symbol", keywords=c["name"]), STOCKS.call("Stock Quote", symbol=c["ticker"])],
        lambda r: [r[1]["price"], r[1]["change_percent"]],
    )


@STOCKS.template("quote_v1", "Stock Quote v1")
def _quote_v1(rng, w):
    c = _company(rng, w, lambda c: c["exchange"] == "NASDAQ")
    return intent(
        f"stocks.quote_v1:{c['id']}",
        [
            f"Using the v1 quote endpoint, what's the latest price of {c['ticker']} and its change?",
            f"Fetch the Global Quote (v1) for ticker {c['ticker']} and tell me the price and change.",
            f"My old script calls the v1 stock quote for {c['ticker']} - what price and change does it report?",
        ],
        [STOCKS.call("Stock Quote v1", symbol=c["ticker"])],
        lambda r: [r[0]["Global Quote"]["05. price"], r[0]["Global Quote"]["09. change"]],
    )


@STOCKS.template("history", "Price History")
def _history(rng, w):
    c = _company(rng, w)
    bars = w.by("stock_prices", "ticker")[c["ticker"]]["bars"]
    bar = rng.choice(bars[:-1])
    return intent(
        f"stocks.history:{c['id']}:{bar['date']}",
        [
            f"What were {c['name']}'s closing price and trading volume on {bar['date']}?",
            f"Look up {c['name']} stock on {bar['date']}: close and volume.",
            f"How did {c['name']} trade on {bar['date']}? I need the close and the volume.",
        ],
        [
            STOCKS.call("Search Symbol", keywords=c["name"]),
            STOCKS.call("Price History", symbol=c["ticker"], start_date=bar["date"], end_date=bar["date"]),
        ],
        lambda r: [r[1]["prices"][0]["close"], r[1]["prices"][0]["volume"]],
    )


@STOCKS.template("dividends", "Dividends")
def _dividends(rng, w):
    prices = pick(rng, w["stock_prices"], lambda p: p["dividends"])
    c = w.by("companies", "ticker")[prices["ticker"]]
    return intent(
        f"stocks.dividends:{c['id']}",
        [
            f"How much did {c['name']} pay in dividends per share over the last year, in total?",
            f"What did {c['name']}'s dividend payments of the past year add up to, per share?",
            f"Does {c['name']} pay a dividend? What was the annual total per share?",
        ],
        [STOCKS.call("Search Symbol", keywords=c["name"]), STOCKS.call("Dividends", symbol=c["ticker"])],
        lambda r: [r[1]["annual_total_usd"]],
    )


def _pair(rng, w):
    a, b = rng.sample(w["currencies"], 2)
    return a, b


@FX.template("list", "List Currencies")
def _currencies(rng, w):
    c = rng.choice(w["currencies"])
    word = c["name"].split()[-1]
    return intent(
        f"fx.list:{word}",
        [
            f"Which currencies called '{word}' can you convert, and what are their codes?",
            f"List the codes of the supported currencies with '{word}' in their name.",
            f"What's the currency code of the {c['name']}?",
        ],
        [FX.call("List Currencies", search=word)],
        lambda r: [c["code"]],
    )


@FX.template("rate", "Exchange Rate")
def _rate(rng, w):
    a, b = _pair(rng, w)
    return intent(
        f"fx.rate:{a['code']}:{b['code']}",
        [
            f"What's today's exchange rate from {a['name']} to {b['name']}?",
            f"How many {b['code']} do I get for one {a['code']} today?",
            f"Give me the current {a['code']}/{b['code']} exchange rate.",
        ],
        [FX.call("Exchange Rate", base=a["code"], target=b["code"])],
        lambda r: [r[0]["rate"]],
    )


@FX.template("convert", "Convert Currency")
def _convert(rng, w):
    a, b = _pair(rng, w)
    amount = rng.choice([50, 120, 250, 999, 1500, 20000])
    return intent(
        f"fx.convert:{a['code']}:{b['code']}:{amount}",
        [
            f"Convert {amount} {a['code']} to {b['code']} at today's rate.",
            f"How much is {amount} {a['name']}s in {b['name']}s today?",
            f"I have {amount} {a['code']}. What's that in {b['code']}?",
        ],
        [FX.call("Convert Currency", amount=amount, from_currency=a["code"], to_currency=b["code"])],
        lambda r: [r[0]["result"]],
    )


@FX.template("historical", "Historical Rate")
def _historical(rng, w):
    a, b = _pair(rng, w)
    when = w.today - timedelta(days=rng.randint(1, 30))
    return intent(
        f"fx.hist:{a['code']}:{b['code']}:{when}",
        [
            f"What was the {a['code']} to {b['code']} exchange rate on {when}?",
            f"Look up the historical rate from {a['name']} to {b['name']} for {when}.",
            f"On {when}, how many {b['code']} did one {a['code']} buy?",
        ],
        [FX.call("Historical Rate", base=a["code"], target=b["code"], date=when.isoformat())],
        lambda r: [r[0]["rate"]],
    )


@FX.template("legacy", "Latest Rates Legacy")
def _legacy(rng, w):
    c = rng.choice([c for c in w["currencies"] if c["code"] != "USD"])
    return intent(
        f"fx.legacy:{c['code']}",
        [
            f"From the legacy latest-rates feed with base USD, what's the rate for {c['code']}?",
            f"Use the old USD rates table to tell me how many {c['code']} one dollar buys.",
            f"In the legacy all-rates endpoint (USD base), what is listed for the {c['name']}?",
        ],
        [FX.call("Latest Rates Legacy", base="USD")],
        lambda r: [next(x["rate"] for x in r[0]["rates"] if x["currency"] == c["code"])],
    )


@LOAN.template("payment", "Monthly Payment")
def _payment(rng, w):
    principal, rate, years = (
        rng.choice([150000, 240000, 320000, 500000]),
        rng.choice([3.5, 4.2, 5.0, 6.25]),
        rng.choice([15, 20, 25, 30]),
    )
    return intent(
        f"loan.payment:{principal}:{rate}:{years}",
        [
            f"What would my monthly payment and the total interest be on a {principal} mortgage at {rate}% over "
            f"{years} years?",
            f"Calculate the monthly installment and total interest for borrowing {principal} at {rate}% a year "
            f"for {years} years.",
            f"If I take a {years}-year loan of {principal} at an annual rate of {rate}%, how much do I pay each month, "
            "and how much interest in total?",
        ],
        [LOAN.call("Monthly Payment", principal=principal, annual_rate=rate, years=years)],
        lambda r: [r[0]["monthly_payment"], r[0]["total_interest"]],
    )


@LOAN.template("schedule", "Amortization Schedule")
def _schedule(rng, w):
    principal, rate, years = rng.choice([10000, 18000, 25000]), rng.choice([4.9, 6.0, 7.5]), rng.choice([3, 4, 5])
    month = rng.randint(13, years * 12)
    page = (month - 1) // 12 + 1
    return intent(
        f"loan.schedule:{principal}:{rate}:{years}:{month}",
        [
            f"For a {principal} car loan at {rate}% over {years} years, what's the balance left after payment "
            f"number {month}?",
            f"In the amortization schedule of a {years}-year, {rate}% loan of {principal}, what's the balance "
            f"after month {month}?",
            f"What do I still owe after month {month} of borrowing {principal} at {rate}% for {years} years?",
        ],
        [LOAN.call("Amortization Schedule", principal=principal, annual_rate=rate, years=years, page=page, limit=12)],
        lambda r: [next(x["balance"] for x in r[0]["schedule"] if x["month"] == month)],
    )


@LOAN.template("compound", "Compound Interest")
def _compound(rng, w):
    principal, rate, years = rng.choice([1000, 5000, 12000]), rng.choice([2.5, 4, 6.5]), rng.choice([5, 10, 20])
    times = rng.choice([(1, "yearly"), (4, "quarterly"), (12, "monthly")])
    return intent(
        f"loan.compound:{principal}:{rate}:{years}:{times[0]}",
        [
            f"If I invest {principal} at {rate}% compounded {times[1]}, what will it be worth after {years} years, "
            "and how much of that is interest?",
            f"Future value of {principal} after {years} years at {rate}% with {times[1]} compounding, and the "
            "interest earned?",
            f"How much interest does {principal} earn in {years} years at {rate}% a year, compounded {times[1]}, "
            "and what is it worth then?",
        ],
        [
            LOAN.call(
                "Compound Interest", principal=principal, annual_rate=rate, years=years, compounds_per_year=times[0]
            )
        ],
        lambda r: [r[0]["future_value"], r[0]["interest_earned"]],
    )


@LOAN.template("savings", "Savings Goal")
def _savings(rng, w):
    goal, rate, years = rng.choice([20000, 40000, 100000]), rng.choice([2, 3.5, 5]), rng.choice([3, 5, 10])
    return intent(
        f"loan.savings:{goal}:{rate}:{years}",
        [
            f"How much do I need to save each month to have {goal} in {years} years at {rate}% interest?",
            f"I want {goal} saved in {years} years; my account pays {rate}% a year. What monthly deposit does "
            "that take?",
            f"Monthly savings needed to reach {goal} within {years} years at an annual rate of {rate}%?",
        ],
        [LOAN.call("Savings Goal", goal=goal, annual_rate=rate, years=years)],
        lambda r: [r[0]["monthly_deposit"]],
    )


@COIN.template("list", "List Coins")
def _coins(rng, w):
    rank = rng.randint(1, 12)
    return intent(
        f"coin.list:{rank}",
        [
            f"Which crypto coin is number {rank} by market cap, and what's its price?",
            f"Rank the coins by market capitalisation and tell me which one is at position {rank}, with its price.",
            f"What's the {ordinal(rank)} largest coin by market cap, and its price?",
        ],
        [COIN.call("List Coins", order="market_cap", page=1, limit=12)],
        lambda r: [r[0]["coins"][rank - 1]["name"], r[0]["coins"][rank - 1]["price_usd"]],
    )


@COIN.template("price", "Coin Price")
def _coin_price(rng, w):
    c = rng.choice(w["coins"])
    return intent(
        f"coin.price:{c['id']}",
        [
            f"What's the current price of {c['name']} ({c['symbol']}), and its 24-hour change?",
            f"How much is one {c['name']} worth right now, and how much did it move in 24 hours?",
            f"Give me the latest {c['symbol']} price and how much it moved over the last 24 hours.",
        ],
        [COIN.call("Coin Price", coin_id=c["id"])],
        lambda r: [r[0]["price_usd"], r[0]["change_24h_percent"]],
    )


@COIN.template("history", "Coin History")
def _coin_history(rng, w):
    c = rng.choice(w["coins"])
    when = rng.choice(sorted(c["history"]))
    return intent(
        f"coin.history:{c['id']}:{when}",
        [
            f"What was {c['name']} worth on {when}, what is it worth now, and is that more or less?",
            f"Look up the {c['symbol']} price for {when} and today's price. Is it worth more or less now?",
            f"How much did one {c['name']} cost on {when}, and today? Does it cost more or less now?",
        ],
        [
            COIN.call("List Coins", order="name", limit=20),
            COIN.call("Coin History", coin_id=c["id"], date=when),
            COIN.call("Coin Price", coin_id=c["id"]),
        ],
        # The day's price alone is the response itself; the comparison is what only an answer says.
        lambda r: [
            r[1]["price_usd"],
            r[2]["price_usd"],
            bound("more" if r[2]["price_usd"] > r[1]["price_usd"] else "less", "than", "now"),
        ],
    )
