#!/usr/bin/env python3
"""Coefficients of detmath's fast Tanh (mpmath==1.3.0, 60 digits).

Near-minimax polynomials by Chebyshev interpolation (mpmath.chebyfit),
printed rounded to float64 for pasting into tanh.go:

  tanhS: (tanh x − x)/x³ = S(x²) on |x| ≤ 0.625, degree 11 in s = x²
  expQ:  (eʳ − 1 − r)/r² = Q(r) on |r| ≤ ln2/2, degree 10

Each line also gives the fit's error bound, scaled to the float64 result.
"""
import mpmath as mp

mp.mp.dps = 60


def tanh_s(s):
    if s == 0:
        return mp.mpf(-1) / 3
    x = mp.sqrt(s)
    return (mp.tanh(x) - x) / x**3


def exp_q(r):
    if r == 0:
        return mp.mpf(1) / 2
    return (mp.exp(r) - 1 - r) / r**2


def show(name, f, interval, degree, scale):
    coeffs, err = mp.chebyfit(f, interval, degree + 1, error=True)
    print(f"// {name}: degree {degree}, fit error {mp.nstr(err, 3)} (≈{mp.nstr(err * scale, 3)} of the result)")
    for i, c in enumerate(reversed(coeffs)):
        print(f"\t{name}{i} = {float(c)!r}")


c = mp.mpf("0.625")
show("tanhS", tanh_s, [0, c * c], 11, c * c / mp.tanh(c) * c)
h = mp.log(2) / 2
show("expQ", exp_q, [-h, h], 10, h * h)
