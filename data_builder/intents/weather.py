"""Intents for the Weather tools."""

from __future__ import annotations

from datetime import timedelta

from data_builder.intents.base import Tool, intent, listed, ordinal, pick, works

SKY = Tool("Weather", "SkyCast Weather")
AIR = Tool("Weather", "AirPulse Air Quality")
SUN = Tool("Weather", "Sun & Moon Times")
STORM = Tool("Weather", "StormWatch Alerts")


def _city(rng, w):
    return rng.choice(w["cities"])


@SKY.template("current", "Current Weather")
def _current(rng, w):
    c = _city(rng, w)
    units = rng.choice(["metric", "imperial"])
    scale = "Fahrenheit" if units == "imperial" else "Celsius"
    return intent(
        f"sky.current:{c['id']}:{units}",
        [
            f"What's the weather like in {c['name']} right now? Give me the temperature in {scale}.",
            f"I'm heading out in {c['name']} - what are the current conditions there (temperature in {scale})?",
            f"Tell me the current temperature in {scale} and the sky conditions for {c['name']}.",
        ],
        [
            SKY.call("Search Locations", query=c["name"]),
            SKY.call("Current Weather", location_key=c["weather_key"], units=units),
        ],
        lambda r: [r[1]["temperature"], r[1]["condition"]],
    )


@SKY.template("daily", "Daily Forecast")
def _daily(rng, w):
    c = _city(rng, w)
    days = rng.randint(2, 7)
    return intent(
        f"sky.daily:{c['id']}:{days}",
        [
            f"Give me the {days}-day weather forecast for {c['name']}, with the highs for each day.",
            f"What will the weather be in {c['name']} over the next {days} days, starting today? I need daily highs.",
            f"I'm planning {days} days in {c['name']} from today - what are the forecast maximum temperatures?",
        ],
        [
            SKY.call("Search Locations", query=c["name"]),
            SKY.call("Daily Forecast", location_key=c["weather_key"], days=days),
        ],
        lambda r: [listed([d["max_temp"] for d in r[1]["forecast"]])],
    )


@SKY.template("hourly", "Hourly Forecast")
def _hourly(rng, w):
    c = pick(rng, w["cities"], lambda c: works(SKY.call("Hourly Forecast", location_key=c["weather_key"])))
    hour = rng.choice([9, 12, 15, 18])
    when = w.today + timedelta(days=rng.randint(1, 5))
    return intent(
        f"sky.hourly:{c['id']}:{when}:{hour}",
        [
            f"What temperature is expected in {c['name']} at {hour}:00 on {when}?",
            f"Hour by hour, how warm will it be in {c['name']} on {when}? I mostly care about {hour}:00.",
            f"Check the hourly forecast for {c['name']} on {when} and tell me the temperature at {hour:02d}:00.",
        ],
        [
            SKY.call("Search Locations", query=c["name"]),
            SKY.call("Hourly Forecast", location_key=c["weather_key"], date=when.isoformat()),
        ],
        lambda r: [r[1]["hours"][hour]["temperature"]],
    )


@SKY.template("history", "Weather History")
def _history(rng, w):
    c = _city(rng, w)
    when = w.today - timedelta(days=rng.randint(1, 20))
    return intent(
        f"sky.history:{c['id']}:{when}",
        [
            f"What was the weather in {c['name']} on {when}? I need the high and low temperatures.",
            f"Look up the observed weather for {c['name']} on {when}: minimum and maximum temperature.",
            f"How hot did it get in {c['name']} on {when}, and what was the low?",
        ],
        [
            SKY.call("Search Locations", query=c["name"]),
            SKY.call("Weather History", location_key=c["weather_key"], date=when.isoformat()),
        ],
        lambda r: [r[1]["max_temp"], r[1]["min_temp"]],
    )


@SKY.template("search", "Search Locations")
def _search(rng, w):
    c = _city(rng, w)
    return intent(
        f"sky.search:{c['id']}",
        [
            f"Which location key does SkyCast use for {c['name']}?",
            f"Find {c['name']} in the weather location search and tell me its location key.",
            f"I need the weather location key for {c['name']}.",
        ],
        [SKY.call("Search Locations", query=c["name"])],
        lambda r: [next(x["location_key"] for x in r[0]["results"] if x["name"] == c["name"])],
    )


@AIR.template("city", "Air Quality by City")
def _aqi(rng, w):
    c = _city(rng, w)
    return intent(
        f"air.city:{c['id']}",
        [
            f"How good is the air in {c['name']} today? Give me the AQI and its category.",
            f"What's today's air quality index in {c['name']}, and which category is that?",
            f"Is the air in {c['name']} healthy to go running today? Tell me the AQI and its category.",
        ],
        [AIR.call("Air Quality by City", city=c["name"])],
        lambda r: [r[0]["aqi"], r[0]["category"]],
    )


@AIR.template("pollutant", "Pollutant Info")
def _pollutant(rng, w):
    p = rng.choice(w["pollutants"])
    return intent(
        f"air.pollutant:{p['code']}",
        [
            f"What does the pollutant code '{p['code']}' mean in air quality reports, and what unit is it measured in?",
            f"Explain the air pollutant '{p['code']}' - its full name and measurement unit.",
            f"I saw '{p['code']}' in an air quality reading. What is it and how is it measured?",
        ],
        [AIR.call("Pollutant Info", code=p["code"])],
        lambda r: [r[0]["name"], r[0]["unit"]],
    )


@AIR.template("cleanest", "Cleanest Cities")
def _cleanest(rng, w):
    country = pick(rng, w["countries"], lambda k: sum(c["country_code"] == k["code"] for c in w["cities"]) >= 3)
    return intent(
        f"air.cleanest:{country['code']}",
        [
            f"Which city in {country['name']} has the cleanest air right now, and what is its AQI?",
            f"Rank the cities of {country['name']} by air quality and tell me which one is cleanest, with its AQI.",
            f"Where in {country['name']} is the air quality best today, at what AQI?",
        ],
        [AIR.call("Cleanest Cities", country=country["code"], limit=5)],
        lambda r: [r[0]["cities"][0]["city"], r[0]["cities"][0]["aqi"]],
    )


@AIR.template("cleanest_page", "Cleanest Cities")
def _cleanest_world(rng, w):
    rank = rng.randint(11, 30)
    page = (rank - 1) // 10 + 1
    return intent(
        f"air.cleanest_world:{rank}",
        [
            f"In the worldwide ranking of cities by clean air, which city is number {rank}, and what is its AQI?",
            f"Which city ranks {ordinal(rank)} for cleanest air across all countries, and what is its AQI?",
            f"Go through the global clean-air city ranking and tell me who is at position {rank}, with its AQI.",
        ],
        [AIR.call("Cleanest Cities", country="all", page=page, limit=10)],
        lambda r: [r[0]["cities"][(rank - 1) % 10]["city"], r[0]["cities"][(rank - 1) % 10]["aqi"]],
    )


@AIR.template("pollen", "Pollen Forecast")
def _pollen(rng, w):
    c = _city(rng, w)
    kind = rng.choice(["grass", "tree", "weed"])
    return intent(
        f"air.pollen:{c['id']}:{kind}",
        [
            f"I have hay fever - how high is the {kind} pollen in {c['name']} today?",
            f"What's today's {kind} pollen level in {c['name']}?",
            f"Check the pollen forecast for {c['name']} and tell me how bad the {kind} pollen is.",
        ],
        [AIR.call("Pollen Forecast", city=c["name"])],
        lambda r: [next(p["description"] for p in r[0]["pollen"] if p["type"] == kind)],
    )


@SUN.template("sun", "Sunrise and Sunset")
def _sun(rng, w):
    c = _city(rng, w)
    when = w.today + timedelta(days=rng.randint(-30, 60))
    offset = c["utc_offset"]
    return intent(
        f"sun.times:{c['id']}:{when}",
        [
            f"When are sunrise and sunset on {when} at latitude {c['lat']}, longitude {c['lon']}? Local time is "
            f"UTC{offset:+g}.",
            f"I'll be in {c['name']} ({c['lat']}, {c['lon']}, UTC{offset:+g}) on {when}. What time does the sun "
            "rise and set?",
            f"Compute the sunrise and sunset times for {c['lat']}, {c['lon']} on {when}, in local time "
            f"(UTC{offset:+g}).",
        ],
        [
            SUN.call(
                "Sunrise and Sunset", latitude=c["lat"], longitude=c["lon"], date=when.isoformat(), utc_offset=offset
            )
        ],
        lambda r: [r[0]["sunrise"], r[0]["sunset"]],
    )


@SUN.template("daylength", "Day Length")
def _daylength(rng, w):
    c = _city(rng, w)
    when = w.today + timedelta(days=rng.randint(-120, 120))
    return intent(
        f"sun.daylength:{c['id']}:{when}",
        [
            f"How many hours of daylight are there at latitude {c['lat']} on {when}?",
            f"What is the day length on {when} for a place at latitude {c['lat']} (that's {c['name']})?",
            f"Tell me how long the day lasts on {when} at {c['lat']} degrees latitude.",
        ],
        [SUN.call("Day Length", latitude=c["lat"], date=when.isoformat())],
        lambda r: [r[0]["daylight"]],
    )


@SUN.template("moon", "Moon Phase")
def _moon(rng, w):
    when = w.today + timedelta(days=rng.randint(-200, 200))
    return intent(
        f"sun.moon:{when}",
        [
            f"What phase is the moon in on {when}?",
            f"On {when}, what will the moon look like - which phase?",
            f"Tell me the moon phase for {when}.",
        ],
        [SUN.call("Moon Phase", date=when.isoformat())],
        lambda r: [r[0]["phase"]],
    )


@STORM.template("country", "Alerts by Country")
def _alerts_country(rng, w):
    codes = sorted({a["country_code"] for a in w["alerts"] if a["ends"] >= w.today.isoformat()})
    country = w.country(rng.choice(codes))
    return intent(
        f"storm.country:{country['code']}",
        [
            f"Are there any weather warnings in {country['name']} at the moment?",
            f"List the current and upcoming weather alerts for {country['name']}.",
            f"I'm travelling to {country['name']} - are any storm, heat or other weather warnings in effect or coming?",
        ],
        [STORM.call("Alerts by Country", country=country["code"])],
        lambda r: [listed([a["headline"] for a in r[0]["alerts"]])],
    )


@STORM.template("city", "Alerts by City")
def _alerts_city(rng, w):
    alert = pick(rng, w["alerts"], lambda a: a["ends"] >= w.today.isoformat())
    c = w.city(alert["city_id"])
    return intent(
        f"storm.city:{c['id']}",
        [
            f"Is there a weather warning for {c['name']} right now or coming up?",
            f"Check whether {c['name']} has any active or upcoming weather alerts and read me their headlines.",
            f"Any weather alerts I should know about in {c['name']}?",
        ],
        [STORM.call("Alerts by City", city=c["name"])],
        lambda r: [listed([a["headline"] for a in r[0]["alerts"]])],
    )


@STORM.template("details", "Alert Details")
def _alert_details(rng, w):
    alert = pick(rng, w["alerts"], lambda a: a["ends"] >= w.today.isoformat())
    c = w.city(alert["city_id"])
    kind = alert["type"].lower()
    return intent(
        f"storm.details:{alert['id']}",
        [
            f"There's a {kind} warning for {c['name']}. What should I do, and when does it end?",
            f"Give me the advice and end date of the {kind} alert in {c['name']}.",
            f"What precautions does the {kind} warning for {c['name']} recommend?",
        ],
        [STORM.call("Alerts by City", city=c["name"]), STORM.call("Alert Details", alert_id=alert["id"])],
        lambda r: [r[1]["instructions"], r[1]["ends"]],
    )


@STORM.template("feed_v1", "Alert Feed v1")
def _feed(rng, w):
    europe = {k["code"] for k in w["countries"] if k["continent"] == "Europe"}
    codes = sorted({a["country_code"] for a in w["alerts"]} & europe)
    country = w.country(rng.choice(codes))
    return intent(
        f"storm.feed_v1:{country['code']}",
        [
            f"Using the old v1 alert feed, what warning headlines are listed for {country['name']}?",
            f"Pull the legacy (v1) weather alert feed for {country['name']} and read me the headlines.",
            f"What does the v1 StormWatch feed show for {country['name']}?",
        ],
        [STORM.call("Alert Feed v1", country=country["code"])],
        lambda r: [listed(r[0]["items"])],
    )
