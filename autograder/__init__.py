"""The course autograder: runs learner notebooks in a sandboxed kernel and grades them.

See ``autograder/README.md`` for how it works.
"""
