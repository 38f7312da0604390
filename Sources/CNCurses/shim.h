// The ncursesw API as Swift can import it: wide characters on, and the globals and macros
// Swift 6 cannot see wrapped in static inline functions.
#ifndef TEND_CNCURSES_SHIM_H
#define TEND_CNCURSES_SHIM_H

#define NCURSES_WIDECHAR 1
#ifndef _XOPEN_SOURCE_EXTENDED
#define _XOPEN_SOURCE_EXTENDED 1
#endif
#include <locale.h>
#include <wchar.h>
#include <ncursesw/curses.h>

static inline WINDOW *tend_stdscr(void) { return stdscr; }
static inline int tend_lines(void) { return LINES; }
static inline int tend_cols(void) { return COLS; }
static inline int tend_colors(void) { return COLORS; }
static inline int tend_color_pairs(void) { return COLOR_PAIRS; }
static inline attr_t tend_a_normal(void) { return A_NORMAL; }
static inline attr_t tend_a_bold(void) { return A_BOLD; }
static inline attr_t tend_a_underline(void) { return A_UNDERLINE; }
static inline attr_t tend_a_reverse(void) { return A_REVERSE; }
static inline attr_t tend_a_dim(void) { return A_DIM; }
static inline int tend_key_f(int n) { return KEY_F(n); }
static inline int tend_key_code_yes(void) { return KEY_CODE_YES; }
static inline int tend_err(void) { return ERR; }
static inline int tend_getmaxy(WINDOW *w) { int y, x; getmaxyx(w, y, x); (void)x; return y; }
static inline int tend_getmaxx(WINDOW *w) { int y, x; getmaxyx(w, y, x); (void)y; return x; }

/// Puts one character cell (up to 4 code points: a base and its combining marks) at y, x.
static inline int tend_put_cell(int y, int x, const wchar_t *chars, attr_t attrs, short pair) {
    cchar_t cc;
    if (setcchar(&cc, chars, attrs, pair, NULL) != OK) return ERR;
    return mvadd_wch(y, x, &cc);
}

/// Mouse reporting on (clicks, double clicks, the wheel) or off.
static inline void tend_mouse(int on) {
    mousemask(on ? (ALL_MOUSE_EVENTS | BUTTON5_PRESSED) : 0, NULL);
}

/// The mouse event ncurses read: 1 click, 2 double click, 3 wheel up, 4 wheel down, 0 anything
/// else (a release, another button). Column and row, 0-based, in x and y.
static inline int tend_mouse_event(int *x, int *y) {
    MEVENT e;
    if (getmouse(&e) != OK) return 0;
    *x = e.x;
    *y = e.y;
    if (e.bstate & BUTTON1_DOUBLE_CLICKED) return 2;
    if (e.bstate & (BUTTON1_CLICKED | BUTTON1_PRESSED)) return 1;
    if (e.bstate & BUTTON4_PRESSED) return 3;
    if (e.bstate & BUTTON5_PRESSED) return 4;
    return 0;
}

#endif
