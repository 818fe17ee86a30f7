"""Client for the third-party weather API (the one external HTTP dependency)."""

import requests
from flask import current_app


class WeatherUnavailable(Exception):
    """The weather provider could not give an answer."""


def fetch_current_weather(city: str) -> dict:
    """Return ``{"city", "temperature", "condition"}`` for ``city``.

    Raises ``WeatherUnavailable`` for timeouts, connection errors, non-2xx answers
    and malformed bodies, so the view has one failure to map to 503.
    """
    try:
        response = requests.get(
            current_app.config["WEATHER_API_URL"],
            params={"city": city},
            timeout=current_app.config["WEATHER_API_TIMEOUT"],
        )
        response.raise_for_status()
        payload = response.json()
        return {
            "city": payload.get("city", city),
            "temperature": payload["temperature"],
            "condition": payload["condition"],
        }
    # requests' errors and the builtin ConnectionError are both OSError subclasses.
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as error:
        raise WeatherUnavailable(str(error)) from error
