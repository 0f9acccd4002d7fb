# build-qh.mk — the helpers for .qmail lines and Maildirs (helper qh).
PROGS += qmail/deliver/forward qmail/deliver/condredirect qmail/deliver/bouncesaying \
	qmail/deliver/except qmail/deliver/preline qmail/deliver/predate \
	qmail/deliver/qreceipt qmail/deliver/maildirmake qmail/deliver/maildir2mbox \
	qmail/deliver/maildirwatch
SCRIPTS += qmail/deliver/datemail qmail/deliver/mailsubj
MODULES += qmail/deliver/qhrun.c qmail/deliver/qhaddr.c qmail/deliver/qhmaildir.c \
	qmail/deliver/qhwatch.c
