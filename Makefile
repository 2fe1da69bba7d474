# tlskit: `make run` (install, build, demo) and `make test` (install, build, every test).
SHELL := /bin/bash
JOBS ?= $(shell nproc)
BUILD := build
SAN := build-san

.PHONY: all deps deps-test build build-tool run test test-unit test-san test-interop fuzz fuzz-campaign bench deb docs clean tsan-build san-build

all: build

deps:
	@scripts/install-deps.sh

$(BUILD)/build.ninja:
	@cmake -S . -B $(BUILD) -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null

# Release build (with debug info) of the library, the tlskit binary and the tests.
build: deps $(BUILD)/build.ninja
	@cmake --build $(BUILD) -j $(JOBS)

# Only what the demo needs: the library and the tlskit binary (no tests).
build-tool: deps $(BUILD)/build.ninja
	@cmake --build $(BUILD) -j $(JOBS) --target tlskit_cli

# The main job: a local demo PKI, a tlskit server on 127.0.0.1 and the inspector against it
# (scripts/demo.sh: the PKI goes to $(BUILD)/demo-pki). Builds the tool alone first, so the
# demo starts without waiting for the test suite to compile.
run: build-tool
	@scripts/demo.sh $(BUILD)/tlskit

# Clang build with ASan + UBSan: unit tests, in-memory tests and the libFuzzer targets.
$(SAN)/build.ninja:
	@CXX=clang++ cmake -S . -B $(SAN) -G Ninja -DCMAKE_BUILD_TYPE=Debug -DTLSKIT_SANITIZE=ON \
	  -DTLSKIT_FUZZ=ON -DTLSKIT_TOOLS=OFF >/dev/null

san-build: deps $(SAN)/build.ninja
	@cmake --build $(SAN) -j $(JOBS)

# Clang build with ThreadSanitizer of the asio layer's tests (tlskit::asio::server's workers,
# reload and shutdown across threads, and the streams): the library and tests/asio only.
TSAN := build-tsan
$(TSAN)/build.ninja:
	@CXX=clang++ cmake -S . -B $(TSAN) -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DTLSKIT_TSAN=ON \
	  -DTLSKIT_TOOLS=OFF -DTLSKIT_INSTALL=OFF -DTLSKIT_TESTS_ONLY=asio >/dev/null

tsan-build: deps $(TSAN)/build.ninja
	@cmake --build $(TSAN) -j $(JOBS)

# What only the tests need (a browser peer), on top of deps.
deps-test:
	@scripts/install-deps.sh --test

test: deps-test build san-build tsan-build
	@scripts/check_layers.sh
	@$(MAKE) --no-print-directory docs
	@cd $(BUILD) && ctest --output-on-failure -j $(JOBS) --timeout 600
	@cd $(SAN) && ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	  ctest --output-on-failure -j $(JOBS) --timeout 600
	@cd $(TSAN) && TSAN_OPTIONS=halt_on_error=1:second_deadlock_stack=1 \
	  ctest --output-on-failure -j $(JOBS) --timeout 600
	@echo "make test: all suites passed"

test-unit: build
	@cd $(BUILD) && ctest --output-on-failure -j $(JOBS) -L unit

# Longer fuzzing runs: FUZZ_SECONDS per target.
FUZZ_SECONDS ?= 60
fuzz: san-build
	@for f in $(SAN)/fuzz_*; do n=$$(basename $$f); \
	  scripts/run_fuzzer.sh $$f fuzz/corpus/$${n#fuzz_} $(FUZZ_SECONDS); done

# The fuzzing campaign (docs/testing.md): FUZZ_CAMPAIGN_SECONDS of CPU per target, the new
# inputs merged (minimised) into fuzz/corpus/, one ledger line per target in fuzz/campaign.tsv.
FUZZ_CAMPAIGN_SECONDS ?= 3600
fuzz-campaign: san-build
	@scripts/fuzz_campaign.sh --build $(SAN) --seconds $(FUZZ_CAMPAIGN_SECONDS) $(FUZZ_CAMPAIGN_ARGS)

# tlskit and OpenSSL's libssl side by side, printed as ratios (docs/testing.md, "Benchmark").
# While the library does not build, the bench runs libssl alone. BENCH_ARGS: e.g. --quick.
# Then the server row: `tlskit server` against nginx and `openssl s_server`, measured from
# outside (bench/server_vs_nginx.sh; SERVER_BENCH_ARGS: e.g. --runs 9, --proto h2).
BENCH_ARGS ?=
SERVER_BENCH_ARGS ?=
bench: deps deps-test
	@cmake -S . -B build-bench -G Ninja -DCMAKE_BUILD_TYPE=Release -DTLSKIT_BENCH=ON \
	  -DTLSKIT_BENCH_TLSKIT=AUTO >/dev/null
	@scripts/gen-pki.sh build-bench/pki
	@cmake --build build-bench -j $(JOBS) --target tlskit_bench || { \
	  echo "make bench: the tlskit side did not build; benchmarking libssl alone"; \
	  cmake -S . -B build-bench -DTLSKIT_BENCH_TLSKIT=OFF >/dev/null && \
	  cmake --build build-bench -j $(JOBS) --target tlskit_bench; }
	@build-bench/bench/tlskit_bench --pki build-bench/pki $(BENCH_ARGS)
	@if cmake --build build-bench -j $(JOBS) --target tlskit_cli >/dev/null; then \
	  bench/server_vs_nginx.sh --tlskit build-bench/tlskit --pki build-bench/pki \
	    $(filter --quick,$(BENCH_ARGS)) $(SERVER_BENCH_ARGS); \
	else echo "make bench: the tlskit tool did not build; no server row"; fi

# The Debian package of the tool and the library (CPack): $(BUILD)/packages/tlskit_*.deb,
# installable with `apt install ./$(BUILD)/packages/tlskit_*.deb`.
deb: build-tool
	@cd $(BUILD) && cpack -G DEB -B packages >/dev/null
	@ls $(BUILD)/packages/tlskit_*.deb

# The API reference of the public headers (Doxygen; warnings are errors): $(BUILD)/docs/html.
docs:
	@scripts/install-deps.sh --docs
	@mkdir -p $(BUILD)/docs
	@TLSKIT_DOCS_OUT=$(BUILD)/docs doxygen Doxyfile
	@echo "make docs: $(BUILD)/docs/html/index.html"

clean:
	rm -rf $(BUILD) $(SAN) $(TSAN) build-bench
