"""The hidden tests' shared checks of an error answer: status, envelope, code and message."""

from dataclasses import dataclass
from typing import Any

import pytest

from autograder.material.api_errors import assert_error, error_of


@dataclass
class Answer:
    """The parts of a response the checks read."""

    status_code: int
    body: Any

    def get_json(self) -> Any:
        return self.body

    @property
    def shown_body(self) -> str:
        return repr(self.body)


GOOD = {"error": {"code": "out_of_stock", "message": "Only 2 left."}}


def test_a_right_answer_passes_and_returns_the_error():
    """Status, envelope, code and message as asked: the error object comes back."""
    assert assert_error(Answer(409, GOOD), 409, "out_of_stock", "adding an item") == GOOD["error"]


@pytest.mark.parametrize(
    ("answer", "says"),
    [
        (Answer(200, GOOD), "adding an item should answer 409, got 200"),
        (Answer(409, {"message": "no envelope"}), 'adding an item should answer the JSON envelope {"error"'),
        (
            Answer(409, {"error": {"code": "sold_out", "message": "x"}}),
            "should have error code 'out_of_stock', got 'sold_out': ",
        ),
        (
            Answer(409, {"error": {"code": "out_of_stock", "message": ""}}),
            "adding an item should explain itself in 'message'",
        ),
    ],
    ids=["wrong status", "no envelope", "wrong code, body shown", "empty message"],
)
def test_each_way_of_getting_it_wrong_says_which(answer, says):
    """The assertion message names what was wrong, in words a learner sees."""
    with pytest.raises(AssertionError) as caught:
        assert_error(answer, 409, "out_of_stock", "adding an item")
    assert says in str(caught.value)


@pytest.mark.parametrize("body", [None, [1], {"error": "text"}], ids=["no JSON", "a list", "error not an object"])
def test_error_of_is_empty_when_there_is_no_envelope(body):
    """Anything but an error object reads as {}."""
    assert error_of(Answer(400, body)) == {}
