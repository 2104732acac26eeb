// SQLite (libsqlite3-dev): reading ASE databases. Types and constants only:
// the library is loaded on first use (Formats/Structures/SQLiteLibrary.swift).
#include <sqlite3.h>
