"""Helpers for the project's own tooling (nox sessions, CI): real services started on demand."""
