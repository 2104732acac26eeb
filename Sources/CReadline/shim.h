// GNU readline, with <stdio.h> first as readline's header requires, and
// setters/getters for its globals: Swift 6 rejects direct access to mutable
// C globals as not concurrency-safe.
#include <stdio.h>
#include <readline/readline.h>
#include <readline/history.h>

static inline void ce_rl_set_catch_signals(int on) { rl_catch_signals = on; }
static inline void ce_rl_set_signal_event_hook(rl_hook_func_t *hook) { rl_signal_event_hook = hook; }
static inline void ce_rl_set_attempted_completion_function(rl_completion_func_t *f) { rl_attempted_completion_function = f; }
static inline void ce_rl_set_attempted_completion_over(int on) { rl_attempted_completion_over = on; }
static inline void ce_rl_set_completion_append_character(int c) { rl_completion_append_character = c; }
static inline void ce_rl_set_completer_word_break_characters(const char *s) { rl_completer_word_break_characters = (char *)s; }
static inline void ce_rl_set_completer_quote_characters(const char *s) { rl_completer_quote_characters = s; }
static inline void ce_rl_set_readline_name(const char *name) { rl_readline_name = name; }
static inline void ce_rl_set_sort_completion_matches(int on) { rl_sort_completion_matches = on; }
static inline const char *ce_rl_line_buffer(void) { return rl_line_buffer; }
static inline int ce_rl_point(void) { return rl_point; }
static inline void ce_rl_set_completion_suppress_quote(int on) { rl_completion_suppress_quote = on; }
static inline void ce_rl_set_event_hook(rl_hook_func_t *hook) { rl_event_hook = hook; }
