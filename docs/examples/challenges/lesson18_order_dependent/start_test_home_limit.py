"""The home page lists only the newest posts, and links to the rest."""

from sample_app import pages
from sample_app.tests.helpers import html


def listed_titles(response) -> list[str]:
    return [item.a.get_text() for item in html(response).select("ul.post-list li")]


def test_home_page_lists_no_more_posts_than_the_limit(client, posts):
    """With the limit at 3, the home page lists 3 of the 5 published posts."""
    pages.RECENT_POSTS_ON_HOME_PAGE = 3

    titles = listed_titles(client.get("/"))

    assert len(titles) == 3, f"the home page lists {len(titles)} posts: {titles}"


def test_home_page_links_to_all_posts_when_it_hides_some(client, posts):
    """When the home page lists fewer posts than are published, it links to the full list."""
    response = client.get("/")

    titles = listed_titles(response)
    assert len(titles) < len(posts), f"the home page lists {len(titles)} of {len(posts)} posts"
    links = [link["href"] for link in html(response).select("a")]
    assert "/posts" in links, f"no link to /posts among {links}"
