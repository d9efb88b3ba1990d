"""Public-health statistics for firstyear: pure numpy/scipy, vectorised, no Django, no I/O.

Methods follow Fingertips / PHE technical guidance; see docs/methods.md for formulas,
references and the oracles each function is tested against.
"""

from ._results import Estimate, Interval
from .attributable import (
    ExcessEvents,
    Fraction,
    attributable_fraction,
    excess_events,
    gap_reduction,
)
from .compare import (
    COMPARISON_LABELS,
    TWO_LEVEL_LABELS,
    compare,
    compare_estimate,
    compare_levels,
)
from .disclosure import Suppression, derivable_cells, suppress
from .funnels import (
    FunnelLimits,
    Overdispersion,
    funnel_limits,
    funnel_significance,
    overdispersion,
)
from .inequality import InequalityIndex, rii, sii
from .intervals import byars_limits, count_interval, exact_poisson_limits, wilson_limits
from .quantiles import quantiles
from .rates import (
    EUROPEAN_STANDARD_POPULATION_2013,
    dsr,
    expected_events,
    isr,
    proportion,
    rate,
    smr,
)
from .spc import SPCChart, spc
from .trends import TREND_LABELS, RecentTrend, recent_trend

__all__ = [
    "COMPARISON_LABELS",
    "EUROPEAN_STANDARD_POPULATION_2013",
    "TREND_LABELS",
    "TWO_LEVEL_LABELS",
    "Estimate",
    "ExcessEvents",
    "Fraction",
    "FunnelLimits",
    "InequalityIndex",
    "Interval",
    "Overdispersion",
    "RecentTrend",
    "SPCChart",
    "Suppression",
    "attributable_fraction",
    "byars_limits",
    "compare",
    "compare_estimate",
    "compare_levels",
    "count_interval",
    "derivable_cells",
    "dsr",
    "exact_poisson_limits",
    "excess_events",
    "expected_events",
    "funnel_limits",
    "funnel_significance",
    "gap_reduction",
    "isr",
    "overdispersion",
    "proportion",
    "quantiles",
    "rate",
    "recent_trend",
    "rii",
    "sii",
    "smr",
    "spc",
    "suppress",
    "wilson_limits",
]
