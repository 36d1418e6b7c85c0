"""Probability distributions of the line file and fast samplers drawing from them.

A `Distribution` is a validated value (name and parameters); `Distribution.sampler(rng)`
returns a callable that draws one value per call. Samplers draw from numpy in blocks of
`BLOCK_SIZE` and hand the values out one by one, which is what keeps the engine fast.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass

import numpy as np

BLOCK_SIZE = 4096

Sampler = Callable[[], float]

# The parameters each distribution takes, in the order they are written in docs.
PARAMETERS: Mapping[str, tuple[str, ...]] = {
    "constant": ("value",),
    "exponential": ("mean",),
    "normal": ("mean", "sd"),
    "lognormal": ("mean", "sd"),
    "uniform": ("low", "high"),
    "triangular": ("low", "mode", "high"),
    "gamma": ("mean", "cv"),
    "empirical": ("values",),
}

# Parameters that carry the time unit (scaled by `Distribution.scaled`); `cv` has none.
_TIME_PARAMETERS = frozenset({"value", "mean", "sd", "low", "mode", "high"})


@dataclass(frozen=True)
class Distribution:
    """A non-negative random duration: `name` is a key of PARAMETERS.

    `values` holds the empirical sample (other distributions leave it empty).
    """

    name: str
    parameters: Mapping[str, float]
    values: tuple[float, ...] = ()

    @property
    def mean(self) -> float:
        """The expected value, in the line's time unit."""
        p = self.parameters
        if self.name == "constant":
            return p["value"]
        if self.name in ("exponential", "lognormal", "gamma"):
            return p["mean"]
        if self.name == "normal":
            return _truncated_normal_mean(p["mean"], p["sd"])
        if self.name == "uniform":
            return (p["low"] + p["high"]) / 2
        if self.name == "triangular":
            return (p["low"] + p["mode"] + p["high"]) / 3
        return sum(self.values) / len(self.values)

    def scaled(self, factor: float) -> Distribution:
        """The same shape with every time parameter multiplied by `factor` (> 0)."""
        parameters = {
            key: value * factor if key in _TIME_PARAMETERS else value
            for key, value in self.parameters.items()
        }
        return Distribution(self.name, parameters, tuple(v * factor for v in self.values))

    def sampler(self, rng: np.random.Generator) -> Sampler:
        """A callable drawing one value per call from `rng` (in blocks)."""
        if self.name == "constant":
            value = self.parameters["value"]
            return lambda: value
        return _BlockSampler(_block_drawer(self, rng))


def uniform_sampler(rng: np.random.Generator) -> Sampler:
    """Uniform draws in [0, 1) (for yes/no decisions such as scrap), in blocks."""
    return _BlockSampler(lambda: rng.random(BLOCK_SIZE).tolist())


class _BlockSampler:
    """Hands out values drawn in blocks; refills when the block is used up."""

    __slots__ = ("_block", "_draw", "_index")

    def __init__(self, draw: Callable[[], list[float]]) -> None:
        self._draw = draw
        self._block: list[float] = []
        self._index = 0

    def __call__(self) -> float:
        index = self._index
        if index >= len(self._block):
            self._block = self._draw()
            index = 0
        self._index = index + 1
        return self._block[index]


def _block_drawer(dist: Distribution, rng: np.random.Generator) -> Callable[[], list[float]]:
    p = dist.parameters
    n = BLOCK_SIZE
    if dist.name == "exponential":
        mean = p["mean"]
        return lambda: rng.exponential(mean, n).tolist()
    if dist.name == "normal":
        return lambda: _truncated_normal(rng, p["mean"], p["sd"], n)
    if dist.name == "lognormal":
        sigma2 = math.log(1.0 + (p["sd"] / p["mean"]) ** 2)
        mu = math.log(p["mean"]) - sigma2 / 2
        sigma = math.sqrt(sigma2)
        return lambda: rng.lognormal(mu, sigma, n).tolist()
    if dist.name == "uniform":
        return lambda: rng.uniform(p["low"], p["high"], n).tolist()
    if dist.name == "triangular":
        return lambda: _triangular(rng, p["low"], p["mode"], p["high"], n)
    if dist.name == "gamma":
        return _gamma_drawer(rng, p["mean"], p["cv"], n)
    values = np.asarray(dist.values, dtype=float)
    return lambda: rng.choice(values, n).tolist()


def _gamma_drawer(
    rng: np.random.Generator, mean: float, cv: float, n: int
) -> Callable[[], list[float]]:
    if cv == 0:
        return lambda: [mean] * n
    shape = 1.0 / (cv * cv)
    scale = mean * cv * cv
    return lambda: rng.gamma(shape, scale, n).tolist()


def _triangular(
    rng: np.random.Generator, low: float, mode: float, high: float, n: int
) -> list[float]:
    if low == high:
        return [low] * n
    values: list[float] = rng.triangular(low, mode, high, n).tolist()
    return values


def _truncated_normal(rng: np.random.Generator, mean: float, sd: float, n: int) -> list[float]:
    """Normal values conditioned on being >= 0 (negative draws are drawn again)."""
    draws = rng.normal(mean, sd, n)
    negative = draws < 0
    while negative.any():
        draws[negative] = rng.normal(mean, sd, int(negative.sum()))
        negative = draws < 0
    values: list[float] = draws.tolist()
    return values


def _truncated_normal_mean(mean: float, sd: float) -> float:
    """Mean of a normal(mean, sd) truncated to [0, inf)."""
    if sd == 0:
        return mean
    alpha = -mean / sd
    density = math.exp(-alpha * alpha / 2) / math.sqrt(2 * math.pi)
    survival = 0.5 * math.erfc(alpha / math.sqrt(2))
    return mean + sd * density / survival
