"""A planted bug for the lesson 11 challenge: the post page shows its heading unescaped.

Load it with ``-p docs.examples.challenges.lesson11_raw_title.planted_bug``: for every test,
the app renders a copy of ``posts/detail.html`` whose ``<h1>`` says ``{{ post.title|safe }}``.
The page's ``<title>`` still escapes the title, so the escaped text is on the page as well.
"""

from pathlib import Path

import pytest
from jinja2 import ChoiceLoader, DictLoader

import sample_app

TEMPLATE = "posts/detail.html"
SAFE_HEADING = "<h1>{{ post.title|safe }}</h1>"


def buggy_detail_template() -> str:
    source = (Path(sample_app.__file__).parent / "templates" / TEMPLATE).read_text(encoding="utf-8")
    heading = "<h1>{{ post.title }}</h1>"
    assert heading in source, f"the planted bug expects {heading} in {TEMPLATE}"
    return source.replace(heading, SAFE_HEADING)


@pytest.fixture(autouse=True)
def _post_heading_is_not_escaped(app):
    """Put the buggy copy in front of the app's own templates, in this test's app only."""
    app.jinja_env.loader = ChoiceLoader([DictLoader({TEMPLATE: buggy_detail_template()}), app.jinja_env.loader])
