/* fifo.c — mkfifo(3). */
#include "fifo.h"

#include <sys/stat.h>

int fifo_make(const char *path, mode_t mode) { return mkfifo(path, mode); }
