"""The course autograder: runs learner notebooks in a sandboxed kernel and grades them.

See ``autograder/README.md`` for how it works.
"""

import os
import sys

# Start-up time. nbformat always imports jsonschema, and jsonschema imports the optional
# rfc3987_syntax, which builds a parser at import time (about 2 s alone here; more under load).
# Nothing here validates IRI formats, so that optional import is turned off, and nbformat uses
# fastjsonschema for the validation it does.
os.environ.setdefault("NBFORMAT_VALIDATOR", "fastjsonschema")
sys.modules.setdefault("rfc3987_syntax", None)  # type: ignore[arg-type]

__version__ = "1.1"
