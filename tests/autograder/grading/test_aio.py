"""Running coroutines from synchronous code, also where an event loop is already running."""

import asyncio
import threading

from autograder.grading import aio


async def _where() -> str:
    await asyncio.sleep(0)
    return threading.current_thread().name


def test_without_a_running_loop_the_coroutine_runs_here():
    """With no loop running, the coroutine runs in the calling thread."""
    assert aio.run(_where()) == threading.current_thread().name


def test_inside_a_running_loop_the_coroutine_gets_its_own_thread():
    """Called from code running inside a loop (Jupyter, Playwright's sync API), it still works."""

    async def caller() -> str:
        return aio.run(_where())

    assert asyncio.run(caller()).startswith("autograder")
