/* wildmat.h — shell-style pattern matching for control-file entries.
 *
 * Pattern syntax (bytes, no locale, no special treatment of '/' or '.'):
 *   *        any run of bytes, the empty run included
 *   ?        exactly one byte
 *   [set]    one byte in the set; [!set] or [^set] one byte not in it.
 *            A ']' right after '[' (or after '[!' / '[^') is a member;
 *            a-z is a range (by unsigned byte value; a range whose ends
 *            are reversed is empty); '-' first or last is a member; '\x'
 *            makes x a member. A '[' with no closing ']' is a literal '['.
 *   \x       the byte x itself; a '\' at the very end matches a '\'
 *   other    the byte itself
 * The whole text must match the whole pattern.
 *
 * Return convention: predicates, 1 for a match, 0 for none. Matching takes
 * at most O(strlen(text) * strlen(pattern)) steps whatever the pattern
 * (no exponential backtracking) and uses no memory beyond the stack
 * frame. Pure functions: no I/O, no allocation. */
#ifndef WILDMAT_H
#define WILDMAT_H

/* match: 1 if the C string text matches the C string pattern, else 0. */
int wildmat_match(const char *text, const char *pattern);

/* match_nocase: the same with ASCII letters compared case-insensitively,
 * in literals and in sets: [a-z] then also matches 'Q', and [!q] matches
 * neither 'q' nor 'Q' (so a case-sensitive match does not always imply a
 * case-insensitive one). */
int wildmat_match_nocase(const char *text, const char *pattern);

#endif
