# build-qq.mk — qmail-send and its modules (helper qq).
PROGS += qmail/send/qmail-send
MODULES += qmail/send/sendsched.c qmail/send/msgtab.c qmail/send/sendlog.c \
	qmail/send/sendproto.c qmail/send/sendpass.c qmail/send/sendmark.c \
	qmail/send/sendscan.c qmail/send/bounce.c qmail/send/sendout.c \
	qmail/send/sendclean.c qmail/send/sendchan.c
