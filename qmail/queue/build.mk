PROGS += qmail/queue/qmail-queue qmail/queue/queue-fix
MODULES += qmail/queue/qfix.c
