"""What an exercise is made of, read and checked before anything runs.

* ``notebook`` -- a submission's notebook: the file's limits, its cells and their tags;
* ``suite`` -- an exercise's suite folder (``suites/<id>/``) and its reference notebook, loaded together;
* ``mutants`` -- the planted bugs of a suite, as edits of the reference solution's text.
"""
