# build-u2.mk — ucspi-tcp: tcpserver and its modules
PROGS += ucspi-tcp/tcpserver
MODULES += ucspi-tcp/tsopt.c ucspi-tcp/tsconn.c ucspi-tcp/tsident.c ucspi-tcp/tsenv.c \
	ucspi-tcp/tschild.c ucspi-tcp/tstls.c
