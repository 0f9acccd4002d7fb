# build-u3.mk — ucspi-tcp: tcpclient, rblsmtpd, mconnect-io and the client scripts
MODULES += ucspi-tcp/tcopt.c ucspi-tcp/tcaddr.c ucspi-tcp/tcconn.c ucspi-tcp/tcenv.c \
	ucspi-tcp/tcinfo.c ucspi-tcp/tctls.c
PROGS += ucspi-tcp/tcpclient
MODULES += ucspi-tcp/rbl.c
PROGS += ucspi-tcp/rblsmtpd
PROGS += ucspi-tcp/mconnect-io
SCRIPTS += ucspi-tcp/tcpcat ucspi-tcp/mconnect ucspi-tcp/who@ ucspi-tcp/date@ \
	ucspi-tcp/finger@ ucspi-tcp/http@
