PROGS += qmail/queue/qmail-queue qmail/queue/queue-fix qmail/queue/qmail-multi
MODULES += qmail/queue/qfix.c
