"""Randomness that respects time: per-channel generators and count distributions.

Every random draw comes from a generator seeded by (seed, channel name, stage), and each
stage draws one value per sample in time order. A sample's draws therefore depend only on the
seed, the channel and the samples before it, never on how many events there are: adding an
event at time T leaves every sample before T bit-identical (the runs are regenerated after
each trainee action, and the past the trainee saw must not change).
"""

import hashlib

import numpy as np

# The concentration's own variation (the gamma part of gamma-Poisson) keeps one value for
# this long [D]: real concentrations do not jump independently from one second to the next.
VARIATION_S = 60.0


def channel_rng(seed: int, channel: str, stage: str) -> np.random.Generator:
    """A generator of its own for one channel and one stage of its model.

    Python's hash() is salted per process, so seed and names are hashed with blake2b.
    """
    key = f"{seed}\x00{channel}\x00{stage}".encode()
    digest = hashlib.blake2b(key, digest_size=16).digest()
    return np.random.Generator(np.random.PCG64(int.from_bytes(digest, "little")))


def gamma_poisson(
    seed: int, channel: str, mean: np.ndarray, shape: float, times: np.ndarray | None = None
) -> np.ndarray:
    """Counts with mean `mean` and overdispersion (negative binomial as a gamma-Poisson
    mixture, FACTS §4.1): the concentration varies by a gamma factor of mean 1 and variance
    1/shape. With `times`, the factor is drawn per VARIATION_S block of time (sample at t
    uses block ⌈t / VARIATION_S⌉ − 1), otherwise per sample."""
    rng = channel_rng(seed, channel, "gamma")
    if times is None:
        multiplier = rng.gamma(shape, 1.0 / shape, mean.shape)
    else:
        block = np.maximum(np.ceil(times / VARIATION_S).astype(np.int64) - 1, 0)
        blocks = int(block[-1]) + 1 if len(block) else 0
        multiplier = rng.gamma(shape, 1.0 / shape, blocks)[block]
    return channel_rng(seed, channel, "poisson").poisson(mean * multiplier).astype(np.float64)


def zero_inflated_counts(
    seed: int, channel: str, mean: np.ndarray, zero_share: float, shape: float
) -> np.ndarray:
    """Zero-inflated negative binomial counts with overall mean `mean` (FACTS §4.2: fits
    cleanroom data, with its excess of zeros and overdispersion, better than Poisson)."""
    zero = channel_rng(seed, channel, "zero").random(mean.shape) < zero_share
    counts = gamma_poisson(seed, channel, mean / (1.0 - zero_share), shape)
    counts[zero] = 0.0
    return counts


def normal(seed: int, channel: str, stage: str, size: int) -> np.ndarray:
    return channel_rng(seed, channel, stage).standard_normal(size)
