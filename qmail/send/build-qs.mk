# build-qs.mk — qmail-lspawn, qmail-rspawn and their module spawn.c (helper qs).
PROGS += qmail/send/qmail-lspawn qmail/send/qmail-rspawn
MODULES += qmail/send/spawn.c
