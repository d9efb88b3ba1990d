"""Public-health statistics for firstyear (pure numpy/scipy; no Django, no I/O)."""

from .intervals import byars_limits, count_interval, exact_poisson_limits, wilson_limits
from .rates import (
    EUROPEAN_STANDARD_POPULATION_2013,
    dsr,
    expected_events,
    isr,
    proportion,
    rate,
    smr,
)
from ._results import Estimate, Interval

__all__ = [
    "EUROPEAN_STANDARD_POPULATION_2013",
    "Estimate",
    "Interval",
    "byars_limits",
    "count_interval",
    "dsr",
    "exact_poisson_limits",
    "expected_events",
    "isr",
    "proportion",
    "rate",
    "smr",
    "wilson_limits",
]
