# build-d1.mk — supervise, svc, svok, svstat, svps and the status-file module.
PROGS += daemontools/supervise daemontools/svc daemontools/svok daemontools/svstat daemontools/svps
MODULES += daemontools/svstatus.c
