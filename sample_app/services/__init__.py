"""Seams to the outside world: mail, HTTP APIs, tokens, time and metrics.

Views call these through their module (``email_service.send_email``), so a test can
replace one function with ``monkeypatch`` or ``mocker.patch`` in one place.
"""
