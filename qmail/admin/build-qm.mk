# build-qm.mk — the queue tools: qmail-qread, qmail-rm, qmail-tcpto, qmail-tcpok.
PROGS += qmail/admin/qmail-qread qmail/admin/qmail-rm qmail/admin/qmail-tcpto qmail/admin/qmail-tcpok
MODULES += qmail/lib/qread.c qmail/lib/tcpto.c qmail/admin/qrm.c
