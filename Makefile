# Makefile — the one GNU make build of indimail-mta.
#
#   make                  build everything (make -j2 is safe)
#   make check            install missing packages, build, run the test suite
#   make check-sanitize   the same suite under ASan+UBSan (objects in build-san/)
#   make fuzz             run every libFuzzer target under clang (FUZZ_SECONDS each)
#   make bench            run the benchmarks in tests/bench (tables, not tests)
#   make clean            remove every build directory
#
# Variables: B (build directory, default build), CC, WERROR=1 (warnings are
# errors), SANITIZE=1, DEPS=no (do not look for missing packages),
# FUZZ_SECONDS (default 30), PROVE_JOBS (default 2).

B ?= build
CC ?= cc
WERROR ?= 0
SANITIZE ?= 0
DEPS ?= yes
FUZZ_SECONDS ?= 30
PROVE_JOBS ?= 2
V ?= 0
ifeq ($(V),1)
Q :=
say = @true
else
Q := @
say = @echo "  $(1) $(2)"
endif

.DEFAULT_GOAL := all
.SUFFIXES:
.DELETE_ON_ERROR:

WARNFLAGS := -std=c11 -Wall -Wextra -Wshadow -Wpointer-arith -Wcast-qual \
	-Wwrite-strings -Wstrict-prototypes -Wmissing-prototypes -Wformat=2 \
	-Wvla -Wimplicit-fallthrough
ifeq ($(WERROR),1)
WARNFLAGS += -Werror
endif

ifeq ($(SANITIZE),1)
OPTFLAGS := -O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined \
	-fno-sanitize-recover=undefined
HARDEN := -fstack-protector-strong -fPIE
LDHARDEN := -pie -fsanitize=address,undefined
else
OPTFLAGS := -O2 -g
HARDEN := -U_FORTIFY_SOURCE -D_FORTIFY_SOURCE=3 -fstack-protector-strong -fPIE
LDHARDEN := -pie -Wl,-z,relro,-z,now -Wl,--as-needed
endif

ALL_CFLAGS = $(WARNFLAGS) $(OPTFLAGS) $(HARDEN) -D_GNU_SOURCE \
	-I$(B)/gen -Ilibqmail -Iqmail/lib -Itests/lib $(CFLAGS_mysql) $(CFLAGS)
ALL_LDFLAGS = $(LDHARDEN) $(LDFLAGS)

# ---- configuration: feature probes and compile-time defaults ----

# check, check-sanitize and deps install packages first and then run a
# separate make, so they must not probe before that.
NOCONFIG_GOALS := check check-sanitize deps clean demo demo-stop
ifeq ($(MAKECMDGOALS),)
-include $(B)/config.mk
else ifneq ($(filter-out $(NOCONFIG_GOALS),$(MAKECMDGOALS)),)
-include $(B)/config.mk
endif

$(B)/config.mk: mk/probe.sh
	@sh mk/probe.sh "$(CC)" "$(B)"

CONF_FILES := conf-prefix conf-qmail conf-sysconfdir conf-shared conf-libexec \
	conf-servicedir conf-split conf-users

$(B)/gen/conf_defaults.h: mk/conf.sh $(CONF_FILES)
	@mkdir -p $(@D)
	@sh mk/conf.sh > $@.new && mv $@.new $@

# ---- libqmail ----

# Modules that have a real implementation and a stub (NAME.c / NAME_stub.c),
# chosen by whether their library was found.
OPENSSL_MODULES := tls hash
LIBQMAIL_SRC := $(filter-out %_stub.c,$(wildcard libqmail/*.c))
ifneq ($(HAVE_OPENSSL),1)
LIBQMAIL_SRC := $(filter-out $(OPENSSL_MODULES:%=libqmail/%.c),$(LIBQMAIL_SRC)) \
	$(wildcard $(OPENSSL_MODULES:%=libqmail/%_stub.c))
endif
LIBQMAIL_OBJ := $(LIBQMAIL_SRC:%.c=$(B)/%.o)
LIBQMAIL := $(B)/libqmail.a
LIBS := $(LIBS_openssl) $(LIBS_idn2) $(LIBS_bdb) $(LIBS_zlib) -ldl

$(LIBQMAIL): $(LIBQMAIL_OBJ)
	$(call say,AR,$@)
	$(Q)rm -f $@
	$(Q)ar rcs $@ $^

# ---- programs ----
# Each component that has programs adds fragments, COMPONENT/build*.mk:
#   PROGS += DIR/NAME        a program built from DIR/NAME.c
#   SCRIPTS += DIR/NAME      a shell script DIR/NAME.sh, copied executable
#   MODULES += DIR/NAME.c    a module of that component (one .c + one .h),
#                            linked into every program and unit test
PROGS :=
SCRIPTS :=
MODULES :=
-include $(wildcard */build*.mk qmail/*/build*.mk)
PROG_BIN := $(PROGS:%=$(B)/%)
SCRIPT_BIN := $(SCRIPTS:%=$(B)/%)
LIBMODS := $(B)/libmods.a
LINK_LIBS = $(LIBMODS) $(LIBQMAIL) $(LIBS)
COMPONENT_INC := $(sort $(patsubst %/,-I%,$(dir $(MODULES))))
ALL_CFLAGS += $(COMPONENT_INC)

$(LIBMODS): $(MODULES:%.c=$(B)/%.o)
	$(call say,AR,$@)
	$(Q)rm -f $@
	$(Q)ar rcs $@ $^ $(if $^,,$(B)/empty.o)

$(B)/empty.o:
	$(Q)mkdir -p $(@D)
	$(Q)echo 'typedef int empty_translation_unit;' | $(CC) -x c -c -o $@ -

$(LIBMODS): | $(B)/empty.o

$(PROG_BIN): $(B)/%: $(B)/%.o $(LIBMODS) $(LIBQMAIL)
	$(call say,LD,$@)
	$(Q)$(CC) $(ALL_CFLAGS) $(ALL_LDFLAGS) -o $@ $< $(LINK_LIBS)

# scripts get the conf-* defaults: @PREFIX@ @QMAILHOME@ @SYSCONFDIR@
# @SHAREDDIR@ @LIBEXECDIR@ @SERVICEDIR@ (first line of each file)
conf_first = $(shell head -n 1 $(1))
$(SCRIPT_BIN): $(B)/%: %.sh $(CONF_FILES)
	$(call say,GEN,$@)
	$(Q)mkdir -p $(@D)
	$(Q)sed -e 's|@PREFIX@|$(call conf_first,conf-prefix)|g' \
		-e 's|@QMAILHOME@|$(call conf_first,conf-qmail)|g' \
		-e 's|@SYSCONFDIR@|$(call conf_first,conf-sysconfdir)|g' \
		-e 's|@SHAREDDIR@|$(call conf_first,conf-shared)|g' \
		-e 's|@LIBEXECDIR@|$(call conf_first,conf-libexec)|g' \
		-e 's|@SERVICEDIR@|$(call conf_first,conf-servicedir)|g' $< > $@.new
	$(Q)chmod 755 $@.new && mv $@.new $@

# ---- tests ----

UNIT_SRC := $(wildcard tests/unit/*.c)
UNIT_BIN := $(UNIT_SRC:tests/unit/%.c=$(B)/tests/unit/%.t)
# helpers that tests run (fake servers, probes): tests/lib/*.c with a main()
TESTLIB_SRC := $(wildcard tests/lib/*.c)
TESTLIB_BIN := $(TESTLIB_SRC:tests/lib/%.c=$(B)/tests/lib/%)
FUZZ_SRC := $(filter-out tests/fuzz/driver.c,$(wildcard tests/fuzz/*.c))
FUZZ_NAMES := $(FUZZ_SRC:tests/fuzz/%.c=%)
FUZZ_REPLAY := $(FUZZ_NAMES:%=$(B)/tests/fuzz/%.replay)

$(B)/tests/unit/%.t: tests/unit/%.c tests/lib/tap.h $(LIBMODS) $(LIBQMAIL)
	@mkdir -p $(@D)
	$(call say,LD,$@)
	$(Q)$(CC) $(ALL_CFLAGS) $(ALL_LDFLAGS) -MMD -MP -o $@ $< $(LINK_LIBS)

$(B)/tests/lib/%: tests/lib/%.c $(LIBMODS) $(LIBQMAIL)
	@mkdir -p $(@D)
	$(call say,LD,$@)
	$(Q)$(CC) $(ALL_CFLAGS) $(ALL_LDFLAGS) -MMD -MP -o $@ $< $(LINK_LIBS)

$(B)/tests/fuzz/%.replay: tests/fuzz/%.c tests/fuzz/driver.c $(LIBMODS) $(LIBQMAIL)
	@mkdir -p $(@D)
	$(call say,LD,$@)
	$(Q)$(CC) $(ALL_CFLAGS) $(ALL_LDFLAGS) -MMD -MP -o $@ $< tests/fuzz/driver.c $(LINK_LIBS)

# ---- objects ----

$(B)/%.o: %.c $(B)/gen/conf_defaults.h $(B)/config.mk
	@mkdir -p $(@D)
	$(call say,CC,$<)
	$(Q)$(CC) $(ALL_CFLAGS) -MMD -MP -c -o $@ $<

-include $(shell find $(B) -name '*.d' 2>/dev/null)

# ---- top-level targets ----

.PHONY: all check check-sanitize test deps fuzz bench clean demo demo-stop

all: $(LIBQMAIL) $(LIBMODS) $(PROG_BIN) $(SCRIPT_BIN) $(UNIT_BIN) $(TESTLIB_BIN) $(FUZZ_REPLAY)

deps:
ifneq ($(DEPS),no)
	@sh mk/deps.sh $(B) build-san
endif

# check: packages first (a separate make so that the probe sees them), then
# the build, then the suite.
check: deps
	@$(MAKE) --no-print-directory all
	@$(MAKE) --no-print-directory test

test:
	IM_BUILD="$(abspath $(B))" IM_SRC="$(CURDIR)" \
	prove -r -j$(PROVE_JOBS) --exec '' --timer $(B)/tests tests

check-sanitize: deps
	@$(MAKE) --no-print-directory B=build-san SANITIZE=1 all
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=0:allocator_may_return_null=1 \
	UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	$(MAKE) --no-print-directory B=build-san SANITIZE=1 test

# fuzz: clang with libFuzzer; each target runs FUZZ_SECONDS from its corpus.
FUZZ_B := build-fuzz
FUZZ_CFLAGS := -g -O1 -fsanitize=fuzzer,address,undefined -D_GNU_SOURCE \
	-I$(FUZZ_B)/gen -Ilibqmail -Iqmail/lib -Itests/lib $(COMPONENT_INC)
fuzz:
	@$(MAKE) --no-print-directory B=$(FUZZ_B) CC=clang SANITIZE=1 \
		CFLAGS=-fsanitize=fuzzer-no-link $(FUZZ_B)/libqmail.a $(FUZZ_B)/libmods.a
	@mkdir -p $(FUZZ_B)/fuzz
	@set -e; for n in $(FUZZ_NAMES); do \
		echo "fuzz: $$n for $(FUZZ_SECONDS)s"; \
		clang $(FUZZ_CFLAGS) -o $(FUZZ_B)/fuzz/$$n tests/fuzz/$$n.c \
			$(FUZZ_B)/libmods.a $(FUZZ_B)/libqmail.a $(LIBS); \
		mkdir -p $(FUZZ_B)/fuzz/$$n.corpus; \
		$(FUZZ_B)/fuzz/$$n -max_total_time=$(FUZZ_SECONDS) \
			-artifact_prefix=$(FUZZ_B)/fuzz/$$n- \
			$(FUZZ_B)/fuzz/$$n.corpus tests/fuzz/corpus/$$n; \
	done

# bench: every tests/bench/*.sh, each printing its own table (not a test)
bench:
ifneq ($(DEPS),no)
	@sh mk/deps.sh --bench $(B) build-san
endif
	@$(MAKE) --no-print-directory all
	@set -e; for b in tests/bench/*.sh; do \
		[ -f "$$b" ] || continue; \
		echo "== $$b"; \
		IM_BUILD="$(abspath $(B))" IM_SRC="$(CURDIR)" sh "$$b"; \
	done

# demo: packages, the build, then a private instance in DEMO_DIR that
# delivers a message (mk/demo.sh); DEMO_BUILD=no uses B as it is.
DEMO_DIR ?= $(CURDIR)/demo
DEMO_BUILD ?= yes
demo: $(if $(filter no,$(DEMO_BUILD)),,deps)
ifneq ($(DEMO_BUILD),no)
	@$(MAKE) --no-print-directory all
endif
	@sh mk/demo.sh start "$(B)" "$(DEMO_DIR)"

demo-stop:
	@sh mk/demo.sh stop "$(DEMO_DIR)"

clean:
	rm -rf build build-san build-fuzz $(filter-out build build-san build-fuzz,$(B))
