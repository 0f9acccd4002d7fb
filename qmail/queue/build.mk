PROGS += qmail/queue/qmail-queue
