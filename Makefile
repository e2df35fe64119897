# Makefile — the one, non-recursive build file of duban.
#
#   make                 build build/duban (gcc, no sanitizers)
#   make test            install missing packages, build, run every test suite
#   make run             install missing packages, build, run the main job
#   make CC=clang        the same with clang, output under build/clang/
#   make SANITIZE=address,undefined test   sanitizer build under build/<cc>-san/
#   make lint            layering rule, SQL rule, clang-format, cppcheck
#   make fuzz-regress    build the libFuzzer targets (clang) and replay their corpora
#   make bench           build and run the benchmarks under bench/
#   make clean           remove build/
#
# Sources are found by wildcard: a new src/<layer>/x.c, tests/unit/<layer>/test_x.c,
# tests/fuzz/fuzz_x.c or bench/<name>/*.c needs no change here.

.SUFFIXES:
.DELETE_ON_ERROR:
.SECONDARY:
.DEFAULT_GOAL := all
SHELL := /bin/bash

ifeq ($(origin CC),default)
CC := gcc
endif
CCNAME := $(notdir $(firstword $(CC)))
SANITIZE ?=
VARIANT := $(CCNAME)$(if $(SANITIZE),-san)
ifeq ($(VARIANT),gcc)
O ?= build
else
O ?= build/$(VARIANT)
endif

PKGS := sqlite3 libpq libmicrohttpd jansson libsodium opencc libzip expat xlsxwriter
TEST_PKGS := cmocka
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS))
PKG_LIBS = $(shell pkg-config --libs $(PKGS))
TEST_CFLAGS = $(shell pkg-config --cflags $(TEST_PKGS))
TEST_LIBS = $(shell pkg-config --libs $(TEST_PKGS))

WARN := -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
	-fno-common -Wformat=2 -Wno-format-nonliteral -Wvla
OPT ?= -O2 -g
SANFLAGS := $(if $(SANITIZE),-fsanitize=$(SANITIZE) -fno-omit-frame-pointer -fno-sanitize-recover=all)
CPPFLAGS += -Isrc -I$(O)/gen -D_GNU_SOURCE
CFLAGS ?=
CFLAGS += -std=c11 $(OPT) $(WARN) $(SANFLAGS) -pthread
LDFLAGS += $(SANFLAGS) -pthread
LDLIBS += -lm

LAYERS := base extract model store http api cli
LIB_SRC := $(filter-out src/cli/main.c,$(foreach l,$(LAYERS),$(wildcard src/$(l)/*.c)))
LIB_OBJ := $(patsubst %.c,$(O)/obj/%.o,$(LIB_SRC)) $(O)/obj/gen/embedded.o
LIB := $(O)/libduban.a
BIN := $(O)/duban

EMBED_FILES := $(sort $(wildcard data/*))

UNIT_SRC := $(sort $(wildcard tests/unit/*/test_*.c))
UNIT_BIN := $(patsubst %.c,$(O)/%,$(UNIT_SRC))
TESTLIB_SRC := $(wildcard tests/lib/*.c)
TESTLIB_OBJ := $(patsubst %.c,$(O)/obj/%.o,$(TESTLIB_SRC))

BENCH_DIRS := $(sort $(patsubst bench/%/,%,$(dir $(wildcard bench/*/*.c))))
BENCH_BIN := $(foreach b,$(BENCH_DIRS),$(O)/bench/$(b))

DEPFLAGS = -MMD -MP

.PHONY: all test test-build run lint fuzz fuzz-regress bench clean deps check-deps

all: $(BIN)

# ---- library and binary -------------------------------------------------------------

$(O)/obj/%.o: %.c | check-deps
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(CFLAGS) $(PKG_CFLAGS) $(DEPFLAGS) -c $< -o $@

$(O)/obj/gen/embedded.o: $(O)/gen/embedded.c
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(CFLAGS) -c $< -o $@

$(O)/gen/embedded.c: $(EMBED_FILES) scripts/embed.sh
	@mkdir -p $(@D)
	bash scripts/embed.sh $@ $(EMBED_FILES)

$(LIB): $(LIB_OBJ)
	@rm -f $@
	$(AR) rcs $@ $^

$(BIN): $(O)/obj/src/cli/main.o $(LIB)
	$(CC) $(LDFLAGS) -o $@ $^ $(PKG_LIBS) $(LDLIBS)

# ---- tests --------------------------------------------------------------------------

$(O)/obj/tests/%.o: tests/%.c | check-deps
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) -Itests $(CFLAGS) $(PKG_CFLAGS) $(TEST_CFLAGS) $(DEPFLAGS) -c $< -o $@

$(O)/tests/unit/%: $(O)/obj/tests/unit/%.o $(TESTLIB_OBJ) $(LIB)
	@mkdir -p $(@D)
	$(CC) $(LDFLAGS) -o $@ $^ $(PKG_LIBS) $(TEST_LIBS) $(LDLIBS)

test-build: $(BIN) $(UNIT_BIN)

# `make test` first makes sure the packages are there, then builds and runs in a
# sub-make so that pkg-config answers with the packages installed.
# The whole run happens inside a throwaway PostgreSQL cluster (scripts/pg-test.sh) so
# that the store contract tests run against SQLite and a real PostgreSQL server alike.
test: deps
	@$(MAKE) --no-print-directory test-build
	@bash scripts/pg-test.sh bash scripts/run-tests.sh $(O) $(UNIT_BIN)

run: deps
	@$(MAKE) --no-print-directory -s $(BIN)
	@bash scripts/run.sh $(BIN)

deps:
	@bash scripts/deps.sh

check-deps:
	@pkg-config --exists $(PKGS) $(TEST_PKGS) || { \
	  echo "missing libraries: run 'make deps' (or 'bash scripts/deps.sh')" >&2; exit 1; }

# ---- lint ---------------------------------------------------------------------------

lint:
	@bash scripts/lint.sh

# ---- fuzzing (clang + libFuzzer) ----------------------------------------------------

FUZZ_O := build/fuzz
FUZZ_CC := clang
FUZZ_FLAGS := -g -O1 -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=all
FUZZ_SRC := $(sort $(wildcard tests/fuzz/fuzz_*.c))
FUZZ_BIN := $(patsubst tests/fuzz/%.c,$(FUZZ_O)/%,$(FUZZ_SRC))
FUZZ_LIB_OBJ := $(patsubst %.c,$(FUZZ_O)/obj/%.o,$(LIB_SRC)) $(FUZZ_O)/obj/gen/embedded.o
FUZZ_SECONDS ?= 0

$(FUZZ_O)/obj/%.o: %.c | check-deps
	@mkdir -p $(@D)
	$(FUZZ_CC) $(CPPFLAGS:-I$(O)/gen=-I$(FUZZ_O)/gen) -Itests -std=c11 $(WARN) $(FUZZ_FLAGS) \
	  $(PKG_CFLAGS) $(DEPFLAGS) -c $< -o $@

$(FUZZ_O)/obj/gen/embedded.o: $(FUZZ_O)/gen/embedded.c
	@mkdir -p $(@D)
	$(FUZZ_CC) -Isrc $(FUZZ_FLAGS) -c $< -o $@

$(FUZZ_O)/gen/embedded.c: $(EMBED_FILES) scripts/embed.sh
	@mkdir -p $(@D)
	bash scripts/embed.sh $@ $(EMBED_FILES)

$(FUZZ_O)/fuzz_%: $(FUZZ_O)/obj/tests/fuzz/fuzz_%.o $(FUZZ_LIB_OBJ)
	$(FUZZ_CC) -fsanitize=fuzzer,address,undefined -o $@ $^ $(PKG_LIBS) -lm -pthread

fuzz: $(FUZZ_BIN)

fuzz-regress: deps
	@$(MAKE) --no-print-directory fuzz
	@bash scripts/fuzz-regress.sh $(FUZZ_O) $(FUZZ_SECONDS) $(FUZZ_BIN)

# ---- benchmarks ---------------------------------------------------------------------

define bench_rule
$(O)/bench/$(1): $(patsubst %.c,$(O)/obj/%.o,$(wildcard bench/$(1)/*.c)) $(LIB)
	@mkdir -p $$(@D)
	$$(CC) $$(LDFLAGS) -o $$@ $$^ $$(PKG_LIBS) $$(LDLIBS)
endef
$(foreach b,$(BENCH_DIRS),$(eval $(call bench_rule,$(b))))

$(O)/obj/bench/%.o: bench/%.c | check-deps
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) -Ibench $(CFLAGS) $(PKG_CFLAGS) $(DEPFLAGS) -c $< -o $@

bench: deps
	@$(MAKE) --no-print-directory OPT="-O2 -g -DNDEBUG" $(BIN) $(BENCH_BIN)
	@for b in $(BENCH_BIN); do echo "== $$b"; $$b || exit 1; done

clean:
	rm -rf build

-include $(shell find $(O)/obj $(FUZZ_O)/obj -name '*.d' 2>/dev/null)
