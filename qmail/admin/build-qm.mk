# build-qm.mk — the queue tools: qmail-qread, qmail-rm, qmail-tcpto, qmail-tcpok.
PROGS += qmail/admin/qmail-qread qmail/admin/qmail-rm qmail/admin/qmail-tcpto qmail/admin/qmail-tcpok
MODULES += qmail/admin/qrm.c
