# daemontools/build-d4.mk — setuidgid, envuidgid, envdir, softlimit,
# setlock, pgrphack, fghack and their modules.
PROGS += daemontools/setuidgid daemontools/envuidgid daemontools/envdir \
	daemontools/softlimit daemontools/setlock daemontools/pgrphack \
	daemontools/fghack
MODULES += daemontools/dtopt.c daemontools/dtenvdir.c \
	daemontools/dtrlimit.c daemontools/dtgroups.c
