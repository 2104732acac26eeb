// OpenBLAS (CBLAS) and LAPACKE for dense linear algebra: types and constants
// only. The libraries are loaded on first use (Numerics/LinearAlgebraBLAS.swift).
#include <cblas.h>
#include <lapacke.h>
