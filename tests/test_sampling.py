"""Sparse draws equal the dense NumPy draws exactly and leave the generator in step."""

import numpy as np
import pytest

from model import sampling


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_sparse_draws_equal_dense_draws(seed):
    source = np.random.default_rng(100 + seed)
    n = source.integers(0, 40, (60, 90)) * (source.random((60, 90)) < 0.2)
    p = source.random((60, 90)) * (source.random((60, 90)) < 0.7)
    dense, sparse = np.random.default_rng(seed), np.random.default_rng(seed)
    assert (sampling.binomial(sparse, n, p) == dense.binomial(n, p)).all()
    assert (sampling.binomial(sparse, n, 0.3) == dense.binomial(n, 0.3)).all()
    lam = n * p
    assert (sampling.poisson(sparse, lam) == dense.poisson(lam)).all()
    assert sparse.random() == dense.random()  # same state afterwards
