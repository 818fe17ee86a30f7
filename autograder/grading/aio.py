"""Running the grader's coroutines from synchronous code, even where an event loop already runs.

``asyncio.run`` refuses to start inside a running loop: in a Jupyter notebook, or in a thread
where Playwright's sync API is active. Then the coroutine gets a thread and a loop of its own.
"""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

__all__ = ["run"]

T = TypeVar("T")


def run(coroutine: Coroutine[Any, Any, T]) -> T:
    """``asyncio.run(coroutine)``, in a separate thread when this thread already has a running loop."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(coroutine)
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="autograder") as pool:
        return pool.submit(asyncio.run, coroutine).result()
