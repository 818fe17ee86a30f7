"""Declares the ``smoke`` marker, as a line under ``markers`` in ``pyproject.toml`` would.

Load it with ``-p docs.examples.challenges.lesson17_smoke_marker.smoke_marker``.
"""


def pytest_configure(config):
    config.addinivalue_line("markers", "smoke: a quick check that the site is up; run with -m smoke after a deploy")
