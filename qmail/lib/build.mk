# build.mk — the modules of qmail/lib, shared by the programs of several
# qmail/ components: envelopes, queue paths, routing, the delivery
# stage's control files, the retry schedule, DSN bounces, user lookups
# (qgetpw, pw2u), the queue reader, the tcpto table, the queue-program
# runner and the mbox format.
MODULES += qmail/lib/envelope.c qmail/lib/qpath.c qmail/lib/route.c qmail/lib/sendctl.c \
	qmail/lib/retry.c qmail/lib/dsn.c qmail/lib/qgetpw.c qmail/lib/pw2u.c \
	qmail/lib/qread.c qmail/lib/tcpto.c qmail/lib/qqprog.c qmail/lib/mbox.c
