"""Lesson 10 challenge: the weather for Lisbon, with the provider faked by ``responses``."""


def test_weather_for_lisbon_comes_from_the_provider(client, weather_api):
    """GET /api/weather?city=Lisbon answers the provider's temperature and condition."""
    response = client.get("/api/weather", query_string={"city": "Lisbon"})

    assert response.status_code == 200
    assert response.get_json() == {
        "city": "Lisbon",
        "temperature": 21,
        "condition": "Sunny",
    }
