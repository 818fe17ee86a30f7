"""Endpoints that depend on the outside world: the weather provider and the clock.

That dependence is what makes them the course's mocking examples.
"""

from datetime import datetime

from flask import current_app, jsonify, request

from ..errors import error_response
from ..models import as_utc
from ..services import clock, weather_service
from . import bp
from .validation import REQUIRED, abort_invalid

CITY_MAX_LENGTH = 100


@bp.get("/weather")
def current_weather():
    city = request.args.get("city", "").strip()
    if not city:
        abort_invalid({"city": [REQUIRED]})
    if len(city) > CITY_MAX_LENGTH:
        abort_invalid({"city": [f"Must be at most {CITY_MAX_LENGTH} characters long."]})
    try:
        weather = weather_service.fetch_current_weather(city)
    except weather_service.WeatherUnavailable as error:
        current_app.logger.warning("Weather provider failed for %r: %s", city, error)
        return error_response(503, "The weather service is unavailable. Try again later.", code="weather_unavailable")
    return jsonify(weather)


# --8<-- [start:greeting-view]
def greeting_for(moment: datetime) -> str:
    moment = as_utc(moment)
    if (moment.month, moment.day) == (12, 25):
        return "Merry Christmas!"
    if moment.hour < 12:
        return "Good morning"
    if moment.hour < 18:
        return "Good afternoon"
    return "Good evening"


@bp.get("/greeting")
def greeting():
    return jsonify(message=greeting_for(clock.now()))


# --8<-- [end:greeting-view]
