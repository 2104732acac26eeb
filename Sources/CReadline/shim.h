// GNU readline, with <stdio.h> first as readline's header requires.
#include <stdio.h>
#include <readline/readline.h>
#include <readline/history.h>
