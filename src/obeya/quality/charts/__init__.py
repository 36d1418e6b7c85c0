"""Control chart families: variables (X-bar/R, X-bar/S, I-MR), attributes (p, np, c, u)
and time-weighted (EWMA, CUSUM), over the shared model in `model`."""
