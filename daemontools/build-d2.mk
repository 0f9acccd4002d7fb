# build-d2.mk — svscan, readproctitle and the svscanboot script.
PROGS += daemontools/svscan daemontools/readproctitle
SCRIPTS += daemontools/svscanboot
