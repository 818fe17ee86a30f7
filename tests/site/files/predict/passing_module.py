"""A module for the quiz extension's tests to name in `predict:`; never run."""
