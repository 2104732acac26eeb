// OpenBLAS (CBLAS) and LAPACKE for dense linear algebra.
#include <cblas.h>
#include <lapacke.h>
// OpenBLAS threads slow small problems down; ce parallelises over tasks itself.
void openblas_set_num_threads(int num_threads);
// Stops OpenBLAS's worker threads (the next threaded call starts them again), so an
// idle pool does not spin in sched_yield beside the interpreter.
int blas_thread_shutdown_(void);
