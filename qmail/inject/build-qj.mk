# build-qj.mk — qmail-inject, sendmail, mailq and their modules.
PROGS += qmail/inject/qmail-inject qmail/inject/sendmail
SCRIPTS += qmail/inject/mailq
MODULES += qmail/inject/addrlist.c qmail/inject/hdr.c qmail/inject/qinject.c \
	qmail/inject/rcptset.c qmail/inject/injopt.c
