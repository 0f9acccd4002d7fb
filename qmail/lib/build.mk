MODULES += qmail/lib/envelope.c qmail/lib/qpath.c qmail/lib/route.c qmail/lib/sendctl.c
