PROGS += qmail/send/qmail-clean
