"""A pytest plugin that records how long the test loop took (collection and start-up excluded)."""

import json
import os
import time

import pytest

_started: list[float] = []


@pytest.hookimpl(wrapper=True)
def pytest_runtestloop(session):
    started = time.perf_counter()
    try:
        return (yield)
    finally:
        target = os.environ.get("LOOP_TIMER_OUTPUT")
        if target:
            with open(target, "w", encoding="utf-8") as handle:
                json.dump({"seconds": time.perf_counter() - started, "tests": session.testscollected}, handle)
