# pubplan: the two commands of README's quick start, and the build behind them.
#   make demo   install missing dependencies, build, solve examples/acme.yaml
#   make test   install missing dependencies, build, run every test suite, then
#               the C++, C API and CLI tests again under ASan+UBSan (build-asan),
#               with a short smoke run of each fuzzer
#   make fuzz   run each fuzzer for FUZZ_SECONDS (build-asan)
#   make tsan   8 threads x 200 solves (C++ and C APIs) under ThreadSanitizer (build-tsan; not in CI)
#   make bench  the benchmark suite: benchmarks/results/latest.json and scaling.png
#   make bench-full  the same with the larger sizes; the slow baseline runs to N = 1,000
#               and is stopped after 300 s at N = 10,000
BUILD_DIR ?= build
# The sanitizer build: clang (libFuzzer needs it), AddressSanitizer (with
# LeakSanitizer) and UndefinedBehaviorSanitizer, no Python bindings.
SAN_DIR ?= build-asan
CLANG ?= clang-14
FUZZ_SECONDS ?= 60
TSAN_DIR ?= build-tsan
BUILD_TYPE ?= RelWithDebInfo
JOBS ?= $(shell nproc 2>/dev/null || echo 2)
# Debian's python3 is the one with pybind11 and pytest installed by apt.
PYTHON ?= /usr/bin/python3

.PHONY: all deps configure build demo test clean configure-asan build-asan fuzz tsan bench bench-full

all: build

deps:
	@scripts/install-deps

configure: deps
	@cmake -S . -B $(BUILD_DIR) -DCMAKE_BUILD_TYPE=$(BUILD_TYPE) \
	  -DPython3_EXECUTABLE=$(PYTHON) > $(BUILD_DIR).configure.log 2>&1 \
	  || { cat $(BUILD_DIR).configure.log; exit 1; }

build: configure
	@cmake --build $(BUILD_DIR) -j $(JOBS)

# The example has a package for which nothing fits, on purpose: the CLI's exit 1
# (nothing fits) is the expected outcome; any other failure fails the demo.
demo: build
	@$(BUILD_DIR)/bin/pubplan solve examples/acme.yaml; rc=$$?; \
	  if [ $$rc -eq 0 ] || [ $$rc -eq 1 ]; then exit 0; else echo "demo failed (exit $$rc)"; exit $$rc; fi

configure-asan: deps
	@cmake -S . -B $(SAN_DIR) -DCMAKE_BUILD_TYPE=Debug \
	  -DCMAKE_C_COMPILER=$(CLANG) -DCMAKE_CXX_COMPILER=$(subst clang,clang++,$(CLANG)) \
	  -DPUBPLAN_SANITIZE=address,undefined -DPUBPLAN_FUZZ=ON -DPUBPLAN_BUILD_PYTHON=OFF \
	  -DPython3_EXECUTABLE=$(PYTHON) > $(SAN_DIR).configure.log 2>&1 \
	  || { cat $(SAN_DIR).configure.log; exit 1; }

build-asan: configure-asan
	@cmake --build $(SAN_DIR) -j $(JOBS)

test: build build-asan
	@cd $(BUILD_DIR) && ctest --output-on-failure -j $(JOBS)
	@echo "== the same tests under ASan+UBSan ($(SAN_DIR)), and the fuzzers' smoke runs"
	@cd $(SAN_DIR) && ctest --output-on-failure -j $(JOBS)

# Each fuzzer for FUZZ_SECONDS from the checked-in seeds plus what earlier runs
# found ($(SAN_DIR)/tests/fuzz/corpus-NAME); stops at the first finding.
fuzz: build-asan
	@for t in topology catalog capi solve diagnose scan; do \
	  echo "== fuzz_$$t for $(FUZZ_SECONDS) s"; \
	  dict=; [ -f tests/fuzz/$$t.dict ] && dict=-dict=tests/fuzz/$$t.dict; \
	  seeds=$$t; [ $$t = diagnose ] && seeds=solve; \
	  $(SAN_DIR)/bin/fuzz_$$t -max_total_time=$(FUZZ_SECONDS) -max_len=65536 -print_final_stats=1 $$dict \
	    $(SAN_DIR)/tests/fuzz/corpus-$$t tests/fuzz/corpus/$$seeds || exit 1; \
	done

tsan: deps
	@cmake -S . -B $(TSAN_DIR) -DCMAKE_BUILD_TYPE=Debug \
	  -DCMAKE_C_COMPILER=$(CLANG) -DCMAKE_CXX_COMPILER=$(subst clang,clang++,$(CLANG)) \
	  -DPUBPLAN_SANITIZE=thread -DPUBPLAN_BUILD_PYTHON=OFF \
	  -DPython3_EXECUTABLE=$(PYTHON) > $(TSAN_DIR).configure.log 2>&1 \
	  || { cat $(TSAN_DIR).configure.log; exit 1; }
	@cmake --build $(TSAN_DIR) -j $(JOBS) --target pubplan_stress
	@cd $(TSAN_DIR) && ctest --output-on-failure -L stress

bench: build
	@scripts/install-deps bench
	@$(PYTHON) benchmarks/run.py --build $(BUILD_DIR)
	@$(PYTHON) benchmarks/plot.py

bench-full: build
	@scripts/install-deps bench
	@$(PYTHON) benchmarks/run.py --build $(BUILD_DIR) --full
	@$(PYTHON) benchmarks/plot.py

clean:
	rm -rf $(BUILD_DIR) $(BUILD_DIR).configure.log $(SAN_DIR) $(SAN_DIR).configure.log \
	  $(TSAN_DIR) $(TSAN_DIR).configure.log
