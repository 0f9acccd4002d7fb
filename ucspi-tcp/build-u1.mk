MODULES += ucspi-tcp/rules.c ucspi-tcp/rulesline.c ucspi-tcp/rulesmake.c
PROGS += ucspi-tcp/tcprules ucspi-tcp/tcprulescheck
