// Shim for ncursesw. SwiftPM drops pkg-config's -D_XOPEN_SOURCE=600, so the wide
// character API must be switched on here before <curses.h> is included.
#ifndef DUTYDESK_CNCURSESW_SHIM_H
#define DUTYDESK_CNCURSESW_SHIM_H
#define NCURSES_WIDECHAR 1
#ifndef _XOPEN_SOURCE_EXTENDED
#define _XOPEN_SOURCE_EXTENDED 1
#endif
#include <locale.h>
#include <wchar.h>
#include <curses.h>
#include <term.h>

static inline WINDOW *dd_stdscr(void) { return stdscr; }
static inline int dd_lines(void) { return LINES; }
static inline int dd_cols(void) { return COLS; }
static inline int dd_colors(void) { return COLORS; }
static inline int dd_color_pairs(void) { return COLOR_PAIRS; }
static inline attr_t dd_a_bold(void) { return A_BOLD; }
static inline attr_t dd_a_dim(void) { return A_DIM; }
static inline attr_t dd_a_reverse(void) { return A_REVERSE; }
static inline attr_t dd_a_underline(void) { return A_UNDERLINE; }
static inline attr_t dd_a_normal(void) { return A_NORMAL; }
static inline attr_t dd_a_standout(void) { return A_STANDOUT; }
static inline int dd_key_resize(void) { return KEY_RESIZE; }
static inline int dd_err(void) { return ERR; }
#include <stdio.h>
#include <sys/ioctl.h>
#include <unistd.h>

static inline FILE *dd_stdout(void) { return stdout; }
static inline FILE *dd_stdin(void) { return stdin; }
static inline int dd_key_code_yes(void) { return KEY_CODE_YES; }
static inline int dd_ok(void) { return OK; }
static inline int dd_key_f0(void) { return KEY_F0; }
static inline int dd_ccharw_max(void) { return CCHARW_MAX; }
static inline int dd_wcwidth(wchar_t c) { return wcwidth(c); }

/* Looks `name` up in the terminfo database without initialising curses, so an unknown
   TERM can be reported clearly instead of through initscr's bare exit. Returns 1 when
   the terminal is known and can address the cursor, 2 when it is known but cannot
   (no "cup", e.g. TERM=dumb), 0 when it is unknown, -1 when no terminfo database was
   found (setupterm's errret convention). The probe's TERMINAL is freed again. */
static inline int dd_probe_terminal(const char *name) {
    int err = 0;
    TERMINAL *saved = cur_term;
    if (setupterm((char *)name, 1, &err) == OK) {
        char *cup = tigetstr("cup");
        int addressable = cup != NULL && cup != (char *)-1;
        TERMINAL *probe = set_curterm(saved);
        if (probe != saved) del_curterm(probe);
        return addressable ? 1 : 2;
    }
    return err == 1 ? 1 : err;
}

/* The terminfo string capability `name` of the current terminal, or NULL when it has
   none (tigetstr's (char *)-1 "not a string capability" included). */
static inline const char *dd_string_capability(const char *name) {
    char *s = tigetstr((char *)name);
    if (s == NULL || s == (char *)-1) return NULL;
    return s;
}

/* The window size of `fd` from the kernel (TIOCGWINSZ); 0 on success. */
static inline int dd_winsize(int fd, int *rows, int *cols) {
    struct winsize ws;
    if (ioctl(fd, TIOCGWINSZ, &ws) != 0) return -1;
    *rows = ws.ws_row;
    *cols = ws.ws_col;
    return 0;
}
#endif
