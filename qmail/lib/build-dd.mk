# build-dd.mk — the queue-program runner and the mbox format, shared by
# qmail-inject, sendmail, qmail-local and the .qmail helpers (helper dd).
MODULES += qmail/lib/qqprog.c qmail/lib/mbox.c
