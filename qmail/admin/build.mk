PROGS += qmail/admin/qmail-showctl
