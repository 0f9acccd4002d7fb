# build-u2.mk — ucspi-tcp: tcpserver, its TLS relay tcpserver-tls, and their modules
PROGS += ucspi-tcp/tcpserver ucspi-tcp/tcpserver-tls
MODULES += ucspi-tcp/tsopt.c ucspi-tcp/tsconn.c ucspi-tcp/tsident.c ucspi-tcp/tsenv.c \
	ucspi-tcp/tschild.c ucspi-tcp/tstls.c ucspi-tcp/tsrelay.c ucspi-tcp/tsspawn.c
