// OpenBLAS (CBLAS) and LAPACKE for dense linear algebra.
#include <cblas.h>
#include <lapacke.h>
// OpenBLAS threads slow small problems down; ce parallelises over tasks itself.
void openblas_set_num_threads(int num_threads);
