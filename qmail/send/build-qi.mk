# build-qi.mk — qmail-start and qscheduler (helper qi).
PROGS += qmail/send/qmail-start qmail/send/qscheduler
