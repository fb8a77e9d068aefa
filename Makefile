# massim — one entry point: build, deps, test, demo, bench, install.
#
#   make            build ./massim
#   make deps       install the Debian packages massim needs (idempotent)
#   make test       deps + build + every test, then again under ASan/UBSan
#   make test-slurm the Slurm scripts (scripts/slurm/) on a real one-node Slurm
#   make demo       deps + build + the showcase scenario -> demo/mas-sjia.h5 and .png
#   make timing     the emapalumab timing and dose tables (scenarios/emapalumab-timing/, emapalumab-dose/)
#   make fit-examples  massim fit on each published course of data/ (fits/: HDF5 and figures)
#   make install    PREFIX=/usr/local DESTDIR=
#   make fuzz       AFL++ on the readers (tools/fuzz.sh; not part of make test,
#                   which replays the corpus it keeps in tests/fuzz/)
#   make MPI=1      build build-mpi/massim and its MPI module build-mpi/massim-mpi.so
#                   (Open MPI; mpirun -np P massim sweep ...; docs/cluster.md);
#                   `make mpi` does the same from a plain make
#
# One test, through the same harness (tests/run.sh, "N passed, N failed"):
#   make check T=test_model      a cmocka binary (build/tests/test_model; .c optional)
#   make check T=t_sweep         a script (tests/t_sweep.sh; .sh optional); builds
#                                massim, and build-mpi/massim for scripts that use
#                                MASSIM_MPI (t_sweep)
#   make check T="t_cli t_docs"  several
#   make check                   everything (like test-run: no deps install, no ASan)
#   make check T=t_cli SAN=1     the same under ASan/UBSan (build-asan/, as test-asan)
#   make check-fast              all but the slow tests (valgrind, reference, fuzz
#                                corpus, Slurm), no MPI build, no ASan: the inner loop
# Objects depend on the headers they include (-MMD -MP, $(BUILD)/**/*.d).

PREFIX  ?= /usr/local
DESTDIR ?=
MPI     ?= 0
SAN     ?=
ifeq ($(MPI),1)
BUILD   ?= build-mpi
endif
MPICC   ?= mpicc
ifeq ($(SAN),1)
BUILD   ?= build-asan
endif
CC      ?= cc
BUILD   ?= build

# Debian names the serial HDF5 hdf5-serial (plain hdf5 is the MPI build
# once Open MPI's HDF5 is installed); elsewhere it is hdf5.
HDF5_PC := $(shell pkg-config --exists hdf5-serial 2>/dev/null && echo hdf5-serial || echo hdf5)
PKGS := gsl $(HDF5_PC) yaml-0.1
DEB_PACKAGES := build-essential pkg-config libgsl-dev libhdf5-dev hdf5-tools libsuitesparse-dev \
	libyaml-dev libcmocka-dev gnuplot-nox python3 python3-h5py python3-numpy \
	valgrind netcdf-bin python3-xarray python3-h5netcdf python3-scipy python3-yaml bc \
	libopenmpi-dev openmpi-bin python3-netcdf4 r-cran-hdf5r man-db

PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   = $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lhdf5_hl -lklu -lm
WARN    := -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes
OPT     := -O2 -g
ifeq ($(SAN),1)
OPT     := -O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined \
	   -fsanitize=float-cast-overflow,float-divide-by-zero -fno-sanitize-recover=undefined
endif
DATADIR = $(PREFIX)/share/massim
# the Python package, where Debian's python3 looks under PREFIX
PYVER  := $(shell /usr/bin/python3 -c 'import sys; print("python%d.%d" % sys.version_info[:2])' 2>/dev/null || echo python3)
PYDIR   = $(PREFIX)/lib/$(PYVER)/dist-packages
LIBDIR  = $(PREFIX)/lib/massim
MPI_DEF := $(if $(filter 1,$(MPI)),-DMAS_MPI)
# Position-independent objects, so that libmassim.so is made of the same
# ones as ./massim (no interposition: calls stay direct, as in a PIE).
CFLAGS_ALL = -std=c11 -pthread -D_POSIX_C_SOURCE=200809L -fPIC -fno-semantic-interposition \
	-DMAS_DATADIR='"$(DATADIR)"' \
	-DMAS_LIBDIR='"$(LIBDIR)"' $(OPT) $(WARN) -Isrc \
	$(MPI_DEF) $(PKG_CFLAGS) $(CFLAGS)
LDFLAGS_ALL = -pthread $(OPT) $(LDFLAGS)

LIB_SRC := $(filter-out src/main.c src/sweep_mpi.c,$(wildcard src/*.c)) $(wildcard models/*.c)
LIB_OBJ := $(patsubst %.c,$(BUILD)/%.o,$(LIB_SRC))
TEST_SRC := $(wildcard tests/test_*.c)
TEST_BIN := $(patsubst tests/%.c,$(BUILD)/tests/%,$(TEST_SRC))
# ./massim for the default build; any other build (ASan, MPI, a test's
# copy) keeps its binary in its own directory.
MASSIM  := $(if $(filter build,$(BUILD)),massim,$(BUILD)/massim)

.PHONY: FORCE all deps libs check-fast lib test test-run test-asan check demo timing install uninstall clean bench mpi fuzz test-slurm fit-examples
all: $(MASSIM)

# Header dependencies are written by the compiler (-MMD -MP) next to each
# object; an object whose .d is missing (built before) is rebuilt once.
DEPFLAGS := -MMD -MP
DEP_FILES := $(LIB_OBJ:.o=.d) $(BUILD)/src/main.d $(BUILD)/src/sweep_mpi.d $(TEST_BIN:=.d)
$(BUILD)/%.o: %.c $(BUILD)/%.d | libs
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) $(DEPFLAGS) -c $< -o $@
$(DEP_FILES):
-include $(wildcard $(DEP_FILES))

# The installed data and library directories are compiled into plot.c,
# figures.c and mpi_load.c; the stamp changes (and they are rebuilt) only
# when PREFIX does.
$(BUILD)/datadir.stamp: FORCE
	@mkdir -p $(BUILD)
	@echo '$(DATADIR) $(LIBDIR)' >$@.new; cmp -s $@.new $@ || mv $@.new $@; rm -f $@.new
$(BUILD)/src/plot.o $(BUILD)/src/figures.o $(BUILD)/src/mpi_load.o: $(BUILD)/datadir.stamp
# Objects compiled with other flags are compiled again (the stamp holds them).
$(BUILD)/cflags.stamp: FORCE
	@mkdir -p $(BUILD)
	@echo '$(CC) $(CFLAGS_ALL)' >$@.new; cmp -s $@.new $@ || mv $@.new $@; rm -f $@.new
$(LIB_OBJ) $(BUILD)/src/main.o: $(BUILD)/cflags.stamp
FORCE:

$(BUILD)/libmassim.a: $(LIB_OBJ)
	rm -f $@
	ar rcs $@ $^

ifeq ($(MPI),1)
# The MPI build: massim itself links no MPI library; the module does, and
# finds the rest of massim in the executable (-rdynamic, the whole library).
$(MASSIM): $(BUILD)/src/main.o $(BUILD)/libmassim.a
	$(CC) $(LDFLAGS_ALL) -rdynamic -o $@ $< -Wl,--whole-archive $(BUILD)/libmassim.a \
	    -Wl,--no-whole-archive $(PKG_LIBS) -ldl
$(BUILD)/massim-mpi.so: src/sweep_mpi.c $(BUILD)/src/sweep_mpi.d
	$(MPICC) $(CFLAGS_ALL) $(DEPFLAGS) -MT $@ -MF $(BUILD)/src/sweep_mpi.d -fPIC -shared -o $@ $<
all: $(BUILD)/massim-mpi.so
else
$(MASSIM): $(BUILD)/src/main.o $(BUILD)/libmassim.a
	$(CC) $(LDFLAGS_ALL) -o $@ $^ $(PKG_LIBS)
endif

$(BUILD)/tests/%: tests/%.c $(BUILD)/libmassim.a $(BUILD)/tests/%.d
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) $(DEPFLAGS) -Itests -o $@ $< $(BUILD)/libmassim.a $(PKG_LIBS) -lcmocka

tests: $(TEST_BIN) $(BUILD)/tests/fuzz_main $(BUILD)/tests/libfault.so

# The library: libmassim.so.0 exporting include/libmassim.h only
# (src/libmassim.map), and massim.pc for pkg-config (make install puts
# them under PREFIX with the header and man 3 libmassim).
VERSION := $(shell sed -n 's/^\#define MAS_VERSION "\(.*\)"/\1/p' src/massim.h)
lib: $(BUILD)/libmassim.so.0 $(BUILD)/massim.pc
$(BUILD)/libmassim.so.0: $(LIB_OBJ) src/libmassim.map
	$(CC) $(LDFLAGS_ALL) -shared -Wl,-soname,libmassim.so.0 -Wl,--version-script=src/libmassim.map \
	    -o $@ $(LIB_OBJ) $(PKG_LIBS)
	ln -sf libmassim.so.0 $(BUILD)/libmassim.so
$(BUILD)/massim.pc: tools/massim.pc.in src/massim.h $(BUILD)/datadir.stamp
	sed 's|@PREFIX@|$(PREFIX)|; s|@VERSION@|$(VERSION)|' $< >$@

# An I/O error injected by LD_PRELOAD (tests/fault/fault.c; t_hardening.sh):
# never built with the sanitizers, which would want their runtime loaded first.
$(BUILD)/tests/libfault.so: tests/fault/fault.c
	@mkdir -p $(dir $@)
	$(CC) -std=c11 -O2 -g $(WARN) -shared -fPIC -o $@ $< -ldl

# The fuzzing harness, built normally (t_fuzz.sh replays the corpus with it,
# under ASan in test-asan) and by `make fuzz` with AFL++'s compiler.
$(BUILD)/tests/fuzz_main: tests/fuzz/fuzz_main.c $(BUILD)/libmassim.a
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) -o $@ $< $(BUILD)/libmassim.a $(PKG_LIBS)

# The Slurm scripts of docs/cluster.md on a real one-node Slurm (slurm-wlm
# and munge from Debian, started by tools/slurm_local.sh); CI runs it.
test-slurm: deps all mpi
	@sh tools/deps.sh slurm-wlm munge
	sh tools/slurm_local.sh start
	MASSIM_MPI=build-mpi/massim sh tests/run.sh $(BUILD) ./massim t_slurm

# make fuzz: AFL++ on the scenario reader and the HDF5 readers (tools/fuzz.sh;
# FUZZ_SECONDS per target, default 600); the minimised corpus and any input
# that crashed go to tests/fuzz/TARGET/, which make test replays.
fuzz: deps
	@sh tools/deps.sh afl++
	$(MAKE) CC=afl-cc BUILD=build-fuzz build-fuzz/tests/fuzz_main
	sh tools/fuzz.sh build-fuzz/tests/fuzz_main

deps:
	@sh tools/deps.sh $(DEB_PACKAGES)

# The libraries, found with pkg-config before anything is compiled: a clear
# message instead of a compiler's (README, "Building without root").
libs:
	@missing=""; for p in $(PKGS); do pkg-config --exists $$p || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	    echo "massim: pkg-config does not find:$$missing. Install them (make deps on Debian) or set"; \
	    echo "massim: PKG_CONFIG_PATH to where they are (README, Building without root)"; exit 1; fi

# The test target installs what is missing, then runs in a sub-make so that
# pkg-config sees the freshly installed libraries.
# Both builds first (every core: JOBS), then the two passes side by side:
# the plain one prints as it goes, the ASan one into build-asan/test.log,
# printed after it (each pass runs one script at a time; together they
# keep two cores busy: 9.8 min one after the other, measured).  Both run
# even when one fails; tests/total.sh then gives the one verdict,
# "N passed, N failed" over both, as the last line.
JOBS ?= $(shell nproc 2>/dev/null || echo 2)
test: deps
	@rm -f build/test-counts build-asan/test-counts build-asan/test.log build/test-times build-asan/test-times
	-$(MAKE) -j$(JOBS) all tests mpi
	-$(MAKE) -j$(JOBS) BUILD=build-asan SAN=1 build-asan/massim tests
	@echo "make test: the ASan pass runs beside this one; its log (build-asan/test.log) follows"
	-@if [ -x build-asan/massim ]; then \
	    ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
	        sh tests/run.sh build-asan build-asan/massim >build-asan/test.log 2>&1 & asan=$$!; fi; \
	  MASSIM_MPI=build-mpi/massim sh tests/run.sh $(BUILD) ./massim; \
	  [ -n "$$asan" ] && wait $$asan; echo "== the ASan pass (build-asan/test.log)"; \
	  cat build-asan/test.log 2>/dev/null
	@sh tests/total.sh build build-asan

# The MPI build is tested too (tests/t_sweep.sh runs it under mpirun).
test-run: all tests mpi
	MASSIM_MPI=build-mpi/massim sh tests/run.sh $(BUILD) ./massim

mpi:
	$(MAKE) MPI=1 BUILD=build-mpi build-mpi/massim build-mpi/massim-mpi.so

# make check [T="NAME..."] [SAN=1]: see the top of this file.
CHECK_NAMES  = $(basename $(notdir $(T)))
CHECK_BINS   = $(if $(T),$(addprefix $(BUILD)/tests/,$(filter test_%,$(CHECK_NAMES))),$(TEST_BIN))
CHECK_SCRIPTS = $(if $(T),$(filter t_%,$(CHECK_NAMES)),all)
# scripts that run the MPI build (not under SAN=1, as test-asan)
CHECK_MPI    = $(if $(filter 1,$(SAN)),,$(if $(T),$(filter $(CHECK_NAMES),\
	$(basename $(notdir $(shell grep -l MASSIM_MPI tests/t_*.sh)))),all))
CHECK_ENV    = $(if $(filter 1,$(SAN)),ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1,\
	$(if $(CHECK_MPI),MASSIM_MPI=build-mpi/massim))
check: $(if $(CHECK_SCRIPTS),$(MASSIM) $(BUILD)/tests/fuzz_main $(BUILD)/tests/libfault.so) $(CHECK_BINS) $(if $(CHECK_MPI),mpi)
	$(CHECK_ENV) sh tests/run.sh $(BUILD) ./$(MASSIM) $(CHECK_NAMES)

# The inner loop: every unit test and script but the slow ones, no MPI
# build, no ASan (about a minute; make test before committing).
SLOW_TESTS := t_valgrind t_reference t_fuzz t_slurm
FAST_NAMES  = $(notdir $(TEST_BIN)) \
	$(filter-out $(SLOW_TESTS),$(basename $(notdir $(wildcard tests/t_*.sh))))
check-fast: $(MASSIM) tests
	sh tests/run.sh $(BUILD) ./$(MASSIM) $(FAST_NAMES)

test-asan:
	$(MAKE) BUILD=build-asan SAN=1 build-asan/massim tests
	ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
	    sh tests/run.sh build-asan build-asan/massim

# The published patient courses of data/ (docs/fitting.md): each
# data/NAME.csv fitted with data/NAME.yaml into fits/NAME.h5 and drawn
# into fits/NAME.png (minutes each: profiles of several parameters).
fit-examples: all
	@mkdir -p fits
	@for d in data/*.csv; do n=$$(basename $$d .csv); \
	    echo "== $$n"; ./massim fit data/$$n.yaml $$d -o fits/$$n.h5 || exit 1; \
	    ./massim plot fits/$$n.h5 -o fits/$$n.png || exit 1; done

demo: deps
	$(MAKE) all
	@mkdir -p demo
	./massim run scenarios/mas-sjia.yaml -o demo/mas-sjia.h5 --csv demo/mas-sjia.csv
	h5dump -H demo/mas-sjia.h5 | head -30
	/usr/bin/python3 tools/summary.py demo/mas-sjia.h5
	./massim plot demo/mas-sjia.h5 -o demo/mas-sjia.png
	@echo "demo: wrote demo/mas-sjia.h5, demo/mas-sjia.csv and demo/mas-sjia.png"

# The emapalumab timing and dose questions: outcome metrics by start day,
# and what 1, 3, 6, 10 mg/kg do in primary HLH and sJIA-MAS (docs/therapies.md).
timing: deps
	$(MAKE) all
	sh tools/timing.sh timing

# The work-precision bench compares with SUNDIALS CVODE, installed for the
# bench only (libsundials-dev); bench/run.sh, docs/solver.md.
BENCH_LIBS := -lsundials_cvode -lsundials_nvecserial -lsundials_sunlinsolklu \
	-lsundials_sunmatrixsparse -lsundials_sunlinsoldense -lsundials_sunmatrixdense
bench: deps
	@sh tools/deps.sh libsundials-dev
	$(MAKE) all $(BUILD)/bench/solvers
	$(MAKE) MPI=1 BUILD=build-mpi build-mpi/massim build-mpi/massim-mpi.so || true
	sh bench/run.sh
	sh tools/bench.sh
	sh tools/bench_sweep.sh
	/usr/bin/python3 tools/bench_check.py ./massim

$(BUILD)/bench/solvers: bench/solvers.c tests/ivp_testset.h $(BUILD)/libmassim.a
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) -Itests -I/usr/include/suitesparse -o $@ $< $(BUILD)/libmassim.a \
		$(PKG_LIBS) $(BENCH_LIBS)

install: all lib
	install -d $(DESTDIR)$(PREFIX)/lib/pkgconfig $(DESTDIR)$(PREFIX)/include \
	    $(DESTDIR)$(PREFIX)/share/man/man1 $(DESTDIR)$(PREFIX)/share/man/man3
	install -m 755 $(BUILD)/libmassim.so.0 $(DESTDIR)$(PREFIX)/lib/
	ln -sf libmassim.so.0 $(DESTDIR)$(PREFIX)/lib/libmassim.so
	install -m 644 include/libmassim.h $(DESTDIR)$(PREFIX)/include/
	install -m 644 $(BUILD)/massim.pc $(DESTDIR)$(PREFIX)/lib/pkgconfig/
	install -d $(DESTDIR)$(PYDIR)/massim
	sed 's|@LIBDIR@|$(PREFIX)/lib|; s|@BINDIR@|$(PREFIX)/bin|' python/massim/__init__.py \
	    >$(DESTDIR)$(PYDIR)/massim/__init__.py
	install -m 644 docs/massim.1 $(DESTDIR)$(PREFIX)/share/man/man1/
	install -m 644 docs/libmassim.3 $(DESTDIR)$(PREFIX)/share/man/man3/
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/massim/scenarios \
	    $(DESTDIR)$(PREFIX)/share/massim/plots $(DESTDIR)$(PREFIX)/share/doc/massim
	install -m 755 $(MASSIM) $(DESTDIR)$(PREFIX)/bin/massim
	$(if $(filter 1,$(MPI)),install -d $(DESTDIR)$(LIBDIR) && \
	    install -m 755 $(BUILD)/massim-mpi.so $(DESTDIR)$(LIBDIR)/)
	install -m 644 scenarios/*.yaml $(DESTDIR)$(PREFIX)/share/massim/scenarios/
	install -d $(DESTDIR)$(PREFIX)/share/massim/scenarios/emapalumab-timing \
	    $(DESTDIR)$(PREFIX)/share/massim/scenarios/emapalumab-dose \
	    $(DESTDIR)$(PREFIX)/share/massim/scenarios/sweeps
	install -m 644 scenarios/sweeps/*.yaml $(DESTDIR)$(PREFIX)/share/massim/scenarios/sweeps/
	install -m 644 scenarios/emapalumab-timing/*.yaml \
	    $(DESTDIR)$(PREFIX)/share/massim/scenarios/emapalumab-timing/
	install -m 644 scenarios/emapalumab-dose/*.yaml \
	    $(DESTDIR)$(PREFIX)/share/massim/scenarios/emapalumab-dose/
	install -m 644 plots/*.gp $(DESTDIR)$(PREFIX)/share/massim/plots/
	install -m 644 README.md docs/*.md $(DESTDIR)$(PREFIX)/share/doc/massim/

uninstall:
	rm -f $(DESTDIR)$(PREFIX)/bin/massim $(DESTDIR)$(PREFIX)/lib/libmassim.so.0 \
	    $(DESTDIR)$(PREFIX)/lib/libmassim.so $(DESTDIR)$(PREFIX)/include/libmassim.h \
	    $(DESTDIR)$(PREFIX)/lib/pkgconfig/massim.pc $(DESTDIR)$(PREFIX)/share/man/man1/massim.1 \
	    $(DESTDIR)$(PREFIX)/share/man/man3/libmassim.3
	rm -rf $(DESTDIR)$(PYDIR)/massim
	rm -rf $(DESTDIR)$(LIBDIR)
	rm -rf $(DESTDIR)$(PREFIX)/share/massim $(DESTDIR)$(PREFIX)/share/doc/massim

clean:
	rm -rf build build-asan build-mpi build-fuzz massim demo timing
