MODULES += qmail/lib/envelope.c qmail/lib/qpath.c
