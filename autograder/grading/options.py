"""What one grading run needs to know: where the instructor material is, and every limit."""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field
from pathlib import Path

from autograder.grading.execution import ExecutionLimits
from autograder.grading.quality import QualityLimits
from autograder.material.suite import DEFAULT_SOLUTIONS, DEFAULT_SUITES
from autograder.sandbox import SandboxLimits

__all__ = ["GradeOptions"]


@dataclass(frozen=True)
class GradeOptions:
    """Where the instructor material is, and every limit (small ones make the grader's tests fast)."""

    suites: Path = DEFAULT_SUITES
    solutions: Path = DEFAULT_SOLUTIONS
    exercise: str | None = None
    execution: ExecutionLimits = field(default_factory=ExecutionLimits)
    quality: QualityLimits = field(default_factory=QualityLimits)
    sandbox: SandboxLimits = field(default_factory=SandboxLimits)
    startup_timeout: float = 60
    request_timeout: float = 10
    hidden_budget: float = 300

    @property
    def hard_limit(self) -> float:
        """Seconds after which grading one submission is abandoned: only a grader bug gets there."""
        kernel_server = self.startup_timeout + self.execution.total_timeout + self.request_timeout + self.hidden_budget
        return max(kernel_server, self.quality.startup_timeout + self.quality.total_timeout) + 60

    def digest(self) -> str:
        """What results depend on besides the files: the limits (paths do not matter)."""
        data = asdict(self)
        for key in ("suites", "solutions"):
            data.pop(key)
        return hashlib.sha256(json.dumps(data, sort_keys=True, default=str).encode()).hexdigest()
