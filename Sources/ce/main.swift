// The ce executable: arguments, signals, exit codes; nothing else.
import Shell
