"""Client for the third-party weather API (the one external HTTP dependency)."""

import requests
from flask import current_app


class WeatherUnavailable(Exception):
    """The weather provider could not give an answer."""


def fetch_current_weather(city: str) -> dict:
    """Return ``{"city", "temperature", "condition"}`` for ``city``.

    Raises ``WeatherUnavailable`` for what is the provider's fault: timeouts, refused
    connections, non-2xx answers and bodies that are not the JSON object it promised.
    Anything else, such as a ``TypeError`` from a bug here, is left to propagate: it is
    ours to fix, and must reach the logs as a 500, not hide behind a 503.
    """
    try:
        response = requests.get(
            current_app.config["WEATHER_API_URL"],
            params={"city": city},
            timeout=current_app.config["WEATHER_API_TIMEOUT"],
        )
        response.raise_for_status()
        # A body that is not JSON raises requests.exceptions.JSONDecodeError, a RequestException.
        payload = response.json()
    except requests.exceptions.RequestException as error:
        raise WeatherUnavailable(str(error)) from error
    return weather_from_payload(payload, city)


def weather_from_payload(payload: object, city: str) -> dict:
    """The three fields of the provider's reply; a reply of the wrong shape is the provider's fault."""
    if not isinstance(payload, dict):
        raise WeatherUnavailable(f"expected a JSON object, got {type(payload).__name__}")
    missing = [field for field in ("temperature", "condition") if field not in payload]
    if missing:
        raise WeatherUnavailable(f"the reply has no {' or '.join(missing)}")
    return {
        "city": payload.get("city", city),
        "temperature": payload["temperature"],
        "condition": payload["condition"],
    }
