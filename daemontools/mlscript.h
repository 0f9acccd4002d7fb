/* mlscript.h — multilog's script: the actions given as arguments, parsed
 * once, and the per-line walk that decides which actions see a line.
 *
 * Actions (multilog(8)): t (timestamp; only as the first action),
 * +pattern, -pattern, e, =file, s SIZE, n NUM, !processor, z, and a log
 * directory (an argument starting with '.' or '/'). s, n, ! and z set
 * what every later directory action gets. SIZE is clamped to
 * ML_SIZE_MIN..ML_SIZE_MAX and NUM raised to ML_NUM_MIN, as daemontools
 * does; a value that is not a decimal number is an error.
 *
 * Return convention: mlscript_parse returns 1, or 0 with err filled in
 * (ENOMEM from allocation is err->code ML_ERR_NOMEM). The parser is pure:
 * no I/O; the script points into argv, which must outlive it.
 * mlscript_select fills a caller array and cannot fail. */
#ifndef MLSCRIPT_H
#define MLSCRIPT_H

#include <stddef.h>

/* the bytes of a line (timestamp included) that patterns, e and = see */
#define ML_LINE_MAX 1000
/* the bytes of a line that e prints; longer lines get "..." */
#define ML_ALERT_MAX 200
/* the size of a status file write: the line padded with newlines */
#define ML_STATUS_LEN 1001
/* the limits and default of s: bytes in current before a rotation */
#define ML_SIZE_MIN 4096
#define ML_SIZE_MAX 16777215
#define ML_SIZE_DEFAULT 99999
/* current is also full at a line end within this many bytes of SIZE */
#define ML_SIZE_SLACK 2000
/* the minimum and default of n: old log files (with the new one) */
#define ML_NUM_MIN 2
#define ML_NUM_DEFAULT 10
/* the largest n taken; larger values are clamped to it */
#define ML_NUM_MAX 1000000000UL

enum ml_kind {
  ML_SELECT,    /* +pattern */
  ML_DESELECT,  /* -pattern */
  ML_ALERT,     /* e */
  ML_STATUS,    /* =file */
  ML_DIR        /* ./dir or /dir */
};

struct ml_action {
  enum ml_kind kind;
  const char *arg;        /* pattern, status file or directory */
  size_t arglen;          /* its length */
  /* for ML_DIR: the settings in force where it appears */
  size_t size;
  unsigned long num;
  const char *processor;  /* NULL: none */
  int gzip;               /* z was given before it */
};

struct ml_script {
  struct ml_action *act;  /* n actions, malloc'd (t, s, n, ! and z excluded) */
  size_t n;
  int stamp;              /* t was given */
  int gzip;               /* some directory compresses its archives */
  size_t ndirs;
  size_t nstatus;
};
#define ML_SCRIPT_ZERO { 0, 0, 0, 0, 0, 0 }

enum ml_err {
  ML_ERR_NONE,
  ML_ERR_NOMEM,
  ML_ERR_EMPTY,       /* an empty argument */
  ML_ERR_UNKNOWN,     /* no such action */
  ML_ERR_STAMP,       /* t not first, or t with more after it */
  ML_ERR_SIZE,        /* s without a decimal number */
  ML_ERR_NUM,         /* n without a decimal number */
  ML_ERR_PROCESSOR,   /* ! with nothing after it */
  ML_ERR_STATUS,      /* = with nothing after it */
  ML_ERR_FLAG         /* e or z with something after it */
};

struct ml_error {
  enum ml_err code;
  int index;          /* the argv index of the action at fault */
};

/* parse: the script argv[0..argc). On success *s owns an array that
 * mlscript_free releases. On failure *s is left empty. */
int mlscript_parse(struct ml_script *s, int argc, char *const *argv,
                   struct ml_error *err) __attribute__((warn_unused_result));

/* free: release what parse allocated and zero *s. */
void mlscript_free(struct ml_script *s);

/* strerror: a lower-case description of an error code. Never NULL. */
const char *mlscript_strerror(enum ml_err code);

/* select: walk the script for one line (line[0..len), at most
 * ML_LINE_MAX bytes are looked at): every line starts selected, each
 * +pattern that matches selects it, each -pattern that matches deselects
 * it. sel[i] is set, for every action i, to 1 when the line is selected
 * at that action (the value e, = and a directory act on), else 0.
 * Returns 1 when the line is selected after the last action. */
int mlscript_select(const struct ml_script *s, const char *line, size_t len,
                    unsigned char *sel);

#endif
