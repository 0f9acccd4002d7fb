# build-qs.mk — qmail-lspawn, qmail-rspawn and their module spawner.c (helper qs).
PROGS += qmail/send/qmail-lspawn qmail/send/qmail-rspawn
MODULES += qmail/send/spawner.c
