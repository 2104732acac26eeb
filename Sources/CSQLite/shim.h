// SQLite (libsqlite3-dev): reading ASE databases.
#include <sqlite3.h>
