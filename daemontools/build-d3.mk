# build-d3.mk — multilog, tai64n, tai64nlocal and multilog's modules.
PROGS += daemontools/multilog daemontools/tai64n daemontools/tai64nlocal
MODULES += daemontools/mlmatch.c daemontools/mlscript.c daemontools/mlline.c \
	daemontools/mldir.c daemontools/mlproc.c
ifeq ($(HAVE_ZLIB),1)
MODULES += daemontools/mlgzip.c
else
MODULES += daemontools/mlgzip_stub.c
endif
