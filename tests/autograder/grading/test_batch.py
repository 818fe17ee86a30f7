"""Finding submissions and splitting them into shards."""

from pathlib import Path

import pytest

from autograder.grading.batch import find_submissions, shard


def test_folders_are_searched_at_any_depth_without_checkpoints(tmp_path):
    """Notebooks are found in nested folders; Jupyter's checkpoints are skipped; files are kept once."""
    for name in ("a/x.ipynb", "a/b/c/y.ipynb", "a/.ipynb_checkpoints/x-checkpoint.ipynb", "a/notes.txt"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("{}")
    found = find_submissions([tmp_path / "a", tmp_path / "a" / "x.ipynb"])
    assert [p.relative_to(tmp_path).as_posix() for p in found] == ["a/b/c/y.ipynb", "a/x.ipynb"]


def test_shards_split_the_submissions_between_them_whatever_order_they_were_found_in():
    """Each submission falls in exactly one of N shards; sizes differ by one at most; order does not matter."""
    submissions = [Path(f"submissions/learner{number:02}.ipynb") for number in range(11)]
    shards = [shard(submissions, index, 3) for index in (1, 2, 3)]
    reversed_shards = [shard(list(reversed(submissions)), index, 3) for index in (1, 2, 3)]

    assert sorted(path for part in shards for path in part) == sorted(submissions)
    assert [len(part) for part in shards] == [4, 4, 3]
    assert reversed_shards == shards


def test_more_shards_than_submissions_leaves_some_empty():
    """Shard 3/3 of two submissions is empty rather than an error: the matrix job still succeeds."""
    assert shard([Path("a.ipynb"), Path("b.ipynb")], 3, 3) == []


@pytest.mark.parametrize(("index", "count"), [(0, 2), (3, 2)], ids=["zero", "beyond-count"])
def test_a_shard_outside_one_to_n_is_refused(index, count):
    """K must be between 1 and N."""
    with pytest.raises(ValueError, match=f"shard {index}/{count}"):
        shard([Path("a.ipynb")], index, count)
