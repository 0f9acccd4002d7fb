# build-ss.mk — qmail-send's passes and message ends, todo-proc's scan of todo/ and its files (helper ss).
MODULES += qmail/send/sendjob.c qmail/send/sendend.c qmail/send/todoscan.c qmail/send/todofile.c
