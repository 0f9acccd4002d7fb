# build-u4.mk — ucspi-tcp: dotls, recordio, argv0, addcr, delcr, fixcrio
PROGS += ucspi-tcp/dotls ucspi-tcp/recordio ucspi-tcp/argv0 ucspi-tcp/addcr \
	ucspi-tcp/delcr ucspi-tcp/fixcrio
MODULES += ucspi-tcp/ioconv.c ucspi-tcp/iorelay.c ucspi-tcp/dotlssmtp.c ucspi-tcp/dotlsio.c
