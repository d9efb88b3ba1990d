"""Input checking shared by the public functions.

Every public function accepts ``errors="raise"`` (default) or ``errors="coerce"``.
With "raise", the first offending position (lowest index, then the first failed rule)
is named in a :class:`ValueError`, e.g. ``count[3] = -2: counts cannot be negative``.
With "coerce", offending rows become NaN and a ``reason`` string array says why
(empty string where the row was fine).
"""

from __future__ import annotations

import math
from collections.abc import Iterable

import numpy as np

ERRORS = ("raise", "coerce")


def check_errors_arg(errors: str) -> str:
    if errors not in ERRORS:
        raise ValueError(f"errors must be 'raise' or 'coerce', not {errors!r}")
    return errors


def parse_confidence(confidence) -> tuple[float, ...]:
    """Return the requested confidence levels as a tuple, first level first.

    Accepts a single level (0.95) or several ((0.95, 0.998)). Levels are fractions
    strictly between 0.5 and 1; percentages (95, 99.8) are refused rather than guessed.
    """
    levels = (confidence,) if np.isscalar(confidence) else tuple(confidence)
    if not levels:
        raise ValueError("confidence needs at least one level, e.g. 0.95 or (0.95, 0.998)")
    out = []
    for level in levels:
        level = float(level)
        if not 0.5 < level < 1:
            raise ValueError(
                f"confidence = {level!r}: give a fraction between 0.5 and 1, e.g. 0.95 or 0.998"
            )
        if any(math.isclose(level, seen) for seen in out):
            raise ValueError(f"confidence level {level!r} was given twice")
        out.append(level)
    return tuple(out)


def as_float(name: str, values) -> np.ndarray:
    """Convert an array-like to a float array (at least 1-d), refusing non-numbers."""
    try:
        arr = np.asarray(values, dtype=float)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"{name} must be numeric: {exc}") from None
    return np.atleast_1d(arr)


def format_value(value) -> str:
    value = float(value)
    if math.isfinite(value) and value == int(value):
        return str(int(value))
    return repr(value)


def format_index(index: tuple[int, ...]) -> str:
    return ", ".join(str(int(i)) for i in index)


class Checks:
    """Collects rules over same-shaped arrays, then raises or coerces in one go.

    Rules are evaluated fully vectorised; only the reporting step looks at a single
    position, so checking a million rows costs a handful of array passes.
    """

    def __init__(self, shape: tuple[int, ...], errors: str):
        self.shape = shape
        self.errors = check_errors_arg(errors)
        self._rules: list[tuple[np.ndarray, str, np.ndarray, str]] = []

    def add(self, mask, name: str, values: np.ndarray, message: str) -> None:
        """Register a rule: ``mask`` is True where ``values`` break it."""
        mask = np.broadcast_to(np.asarray(mask, dtype=bool), self.shape)
        if mask.any():
            self._rules.append((mask, name, np.broadcast_to(values, self.shape), message))

    def counts(self, name: str, values: np.ndarray, *, integer: bool = True) -> None:
        """Standard rules for event counts."""
        nan = np.isnan(values)
        self.add(nan, name, values, "counts must be numbers, not NaN")
        with np.errstate(invalid="ignore"):
            self.add(np.isinf(values), name, values, "counts must be finite")
            self.add(values < 0, name, values, "counts cannot be negative")
            if integer:
                finite = np.isfinite(values)
                self.add(
                    finite & (values != np.floor(values)),
                    name,
                    values,
                    "counts must be whole numbers (pass allow_fractional=True for apportioned counts)",
                )

    def denominators(self, name: str, values: np.ndarray) -> None:
        """Standard rules for denominators (populations, births, expected events)."""
        self.add(np.isnan(values), name, values, "denominators must be numbers, not NaN")
        with np.errstate(invalid="ignore"):
            self.add(np.isinf(values), name, values, "denominators must be finite")
            self.add(values == 0, name, values, "denominators cannot be zero")
            self.add(values < 0, name, values, "denominators cannot be negative")

    def finite(self, name: str, values: np.ndarray, what: str) -> None:
        self.add(~np.isfinite(values), name, values, f"{what} must be finite numbers")

    def resolve(self) -> tuple[np.ndarray, np.ndarray]:
        """Raise for the first bad position, or return (bad mask, reason array)."""
        bad = np.zeros(self.shape, dtype=bool)
        for mask, *_ in self._rules:
            bad |= mask
        if not bad.any():
            return bad, np.full(self.shape, "", dtype="<U1")
        if self.errors == "raise":
            flat = int(np.argmax(bad.ravel()))
            index = np.unravel_index(flat, self.shape)
            for mask, name, values, message in self._rules:
                if mask[index]:
                    raise ValueError(
                        f"{name}[{format_index(index)}] = {format_value(values[index])}: {message}"
                    )
        reason = np.full(self.shape, "", dtype=object)
        # Later rules must not overwrite the first reason recorded for a row.
        for mask, _name, _values, message in self._rules:
            fill = mask & (reason == "")
            reason[fill] = message
        return bad, reason.astype(str)


def broadcast(**arrays: np.ndarray) -> list[np.ndarray]:
    """Broadcast named arrays together, naming them if their shapes clash."""
    try:
        return list(np.broadcast_arrays(*arrays.values()))
    except ValueError:
        shapes = ", ".join(f"{k} {np.shape(v)}" for k, v in arrays.items())
        raise ValueError(f"array shapes do not match: {shapes}") from None


def one_of(name: str, value: str, allowed: Iterable[str]) -> str:
    allowed = tuple(allowed)
    if value not in allowed:
        raise ValueError(f"{name} must be one of {', '.join(map(repr, allowed))}, not {value!r}")
    return value
