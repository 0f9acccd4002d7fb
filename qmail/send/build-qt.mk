# build-qt.mk — todo-proc and its module todo.c (helper qt).
PROGS += qmail/send/todo-proc
MODULES += qmail/send/todo.c
