"""What one template render may spend: loop steps, characters built, and time."""

from __future__ import annotations

import contextvars
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

import jinja2

from brief.core.limits import check_deadline


class TemplateLimitError(jinja2.TemplateRuntimeError):
    """A template ran past one of its render's limits (steps, size, time)."""


@dataclass
class Budget:
    """What one template render may spend; shared by every template it includes."""

    steps: int = 20_000_000  # loop iterations and sequence items visited
    chars: int = 100_000_000  # characters of output, and of any one value built
    seconds: float = 60.0
    used_steps: int = 0
    built: int = 0  # characters built by checked operations and filters, in all
    next_clock: int = 4096  # the step count at which the time is looked at next
    started: float = field(default_factory=time.monotonic)

    def step(self, count: int = 1) -> None:
        self.used_steps += count
        if self.used_steps > self.steps:
            raise TemplateLimitError(
                f"the template ran more than {self.steps:,} loop steps (a runaway loop?)"
            )
        if self.used_steps >= self.next_clock:
            self.next_clock = self.used_steps + 4096
            self.check_time()

    def check_time(self) -> None:
        # The brief's own deadline first: its message is the one every stage gives.
        check_deadline("rendering the layout's template")
        if time.monotonic() - self.started > self.seconds:
            raise TemplateLimitError(
                f"the template ran past the brief's time limit ({self.seconds:.0f} s left "
                "for it; raise it with --limit seconds=N)"
            )

    def check_size(self, size: int, what: str = "a value", count: bool = True) -> None:
        """*size* characters about to be built (or just built); *count* false checks a size
        without adding it to what the render built in all (an estimate made beforehand)."""
        if count:
            self.built += size
        if self.built > BUILT_FACTOR * self.chars:
            raise TemplateLimitError(
                f"the template built more than {BUILT_FACTOR * self.chars:,} characters in all"
            )
        if size > self.chars:
            raise TemplateLimitError(
                f"the template built {what} of more than {self.chars:,} characters"
            )


# What a render may build in all, as a multiple of the size of one value: values a loop keeps
# (``{% set ns.kept = ns.kept + [s|e] %}``) are held at once, so this bounds memory too.
BUILT_FACTOR = 3


_budget: contextvars.ContextVar[Budget] = contextvars.ContextVar("brief_template_budget")


def current() -> Budget:
    try:
        return _budget.get()
    except LookupError:  # a template rendered outside render(): the default limits
        budget = Budget()
        _budget.set(budget)
        return budget


@contextmanager
def budget(spending: Budget) -> Iterator[Budget]:
    """Make *spending* the budget of the templates rendered inside the block."""
    token = _budget.set(spending)
    try:
        yield spending
    finally:
        _budget.reset(token)
