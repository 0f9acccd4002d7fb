# build-qa.mk — the retry schedule and the bounce (DSN) module (helper qa).
MODULES += qmail/lib/retry.c qmail/lib/dsn.c
