PROGS += qmail/deliver/qmail-local
MODULES += qmail/deliver/dotqmail.c qmail/deliver/qlenv.c qmail/deliver/qlmaildir.c \
	qmail/deliver/qlrun.c
