MODULES += qmail/lib/qgetpw.c
