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
#endif
