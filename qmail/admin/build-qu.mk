# build-qu.mk — the users tools: qmail-getpw, qmail-newu, qmail-pw2u, qmail-alias-init (helper qu).
PROGS += qmail/admin/qmail-getpw qmail/admin/qmail-newu qmail/admin/qmail-pw2u
SCRIPTS += qmail/admin/qmail-alias-init
