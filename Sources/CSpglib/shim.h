// spglib (libsymspg-dev): space groups of the disordered primitive cell.
#include <spglib.h>
