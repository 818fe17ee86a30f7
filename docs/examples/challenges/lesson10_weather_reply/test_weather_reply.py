"""Lesson 10 challenge, solved: register the provider's reply, and only for the city asked about."""

from responses import matchers

LISBON = {"city": "Lisbon", "temperature": 21, "condition": "Sunny"}


def test_weather_for_lisbon_comes_from_the_provider(client, weather_api):
    """GET /api/weather?city=Lisbon answers the provider's temperature and condition."""
    mock, url = weather_api
    mock.get(url, json=LISBON, match=[matchers.query_param_matcher({"city": "Lisbon"})])

    response = client.get("/api/weather", query_string={"city": "Lisbon"})

    assert response.status_code == 200, response.get_json()
    assert response.get_json() == LISBON
    assert len(mock.calls) == 1, f"the provider was asked {len(mock.calls)} times"
