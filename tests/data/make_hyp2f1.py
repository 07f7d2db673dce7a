"""Table of Gauss hypergeometric 2F1(a, b; c; z) values for the Rust special-function tests.

Writes hyp2f1.csv (columns a,b,c,z,value) next to this file. `value` is mpmath's hyp2f1 at 40
significant digits, rounded to the nearest double. A row is kept only if scipy.special.hyp2f1
agrees with mpmath to 1e-12 relative; rows where scipy disagrees are listed on stdout.

Rows: Pareto/NBD-shaped arguments a = r+s+x, b in {s+1, s, r+x}, c = a+1 (r, s in [0.1, 3],
x in 0..50, so a up to ~56) on a fixed z grid in [-20, 0.999], BG/NBD-shaped arguments
(a = r+x, b = b+x, c = a+b+x-1, z = t/(alpha+T+t)) and classic identities.

Run from the repository root (deterministic):
  /tmp/refvenv/bin/python tests/data/make_hyp2f1.py
"""
import csv
from pathlib import Path

import mpmath as mp
from scipy.special import hyp2f1

HERE = Path(__file__).resolve().parent
mp.mp.dps = 40

Z_GRID = [0.0, 1e-8, 1e-4, 0.05, 0.3, 0.5, 0.9, 0.99, 0.999, -1e-4, -0.3, -0.9, -2.0, -5.0, -20.0]
# (r, s, x): CDNOW Pareto/NBD-like and extreme shape values, x from 0 to 50
RSX = [(0.553, 0.606, 0), (0.553, 0.606, 2), (0.1, 0.1, 1), (0.243, 3.0, 7),
       (1.0, 0.5, 14), (3.0, 2.5, 29), (0.3, 1.7, 50), (2.2, 0.15, 50)]
B_KIND = ["s+1", "s", "r+x"]


def rows():
    for i, (r, s, x) in enumerate(RSX):
        a = r + s + x
        for j, z in enumerate(Z_GRID):
            kind = B_KIND[(i + j) % 3]  # rotate b through its three shapes
            b = {"s+1": s + 1, "s": s, "r+x": r + x}[kind]
            yield a, b, a + 1, z
    # BG/NBD conditional expectation: 2F1(r+x, b+x; a+b+x-1; t/(alpha+T+t)), CDNOW-like parameters
    for x in (0, 1, 7, 29):
        for t in (1.0, 39.0, 52.0, 500.0):
            yield 0.243 + x, 2.426 + x, 0.793 + 2.426 + x - 1, t / (4.414 + 38.86 + t)
    # classic checks: 2F1(1,1;2;z) = -ln(1-z)/z, 2F1(a,b;b;z) = (1-z)^-a, 2F1(1/2,1/2;3/2;z^2) = asin(z)/z
    for z in (0.1, 0.5, 0.9, 0.999, -0.5, -3.0):
        yield 1.0, 1.0, 2.0, z
    for a, z in ((0.7, 0.4), (2.5, 0.95), (12.0, -0.5)):
        yield a, 3.3, 3.3, z
    for z in (0.25, 0.81):
        yield 0.5, 0.5, 1.5, z
    # Gauss' theorem at z = 1 with c - a - b > 0: Gamma(c)Gamma(c-a-b)/(Gamma(c-a)Gamma(c-b))
    yield 0.5, 0.75, 3.0, 1.0
    yield 1.2, 0.606, 4.0, 1.0


def main():
    kept, dropped = [], []
    for row in rows():
        a, b, c, z = (round(v, 12) for v in row)  # tidy doubles; values are computed at these exact inputs
        exact = float(mp.hyp2f1(a, b, c, z))
        sp = float(hyp2f1(a, b, c, z))
        ok = abs(sp - exact) <= 1e-12 * abs(exact)
        (kept if ok else dropped).append((a, b, c, z, exact, sp))
    with open(HERE / "hyp2f1.csv", "w", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(["a", "b", "c", "z", "value"])
        for a, b, c, z, exact, _ in kept:
            w.writerow([repr(float(v)) for v in (a, b, c, z, exact)])
    print(f"kept {len(kept)} rows, dropped {len(dropped)} where scipy and mpmath differ by > 1e-12 rel")
    for a, b, c, z, exact, sp in dropped:
        print(f"  dropped a={a!r} b={b!r} c={c!r} z={z!r}: mpmath {exact!r}, scipy {sp!r}")


if __name__ == "__main__":
    main()
