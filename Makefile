# pubplan: the two commands of README's quick start, and the build behind them.
#   make demo   install missing dependencies, build, solve examples/acme.yaml
#   make test   install missing dependencies, build, run every test suite
BUILD_DIR ?= build
BUILD_TYPE ?= RelWithDebInfo
JOBS ?= $(shell nproc 2>/dev/null || echo 2)
# Debian's python3 is the one with pybind11 and pytest installed by apt.
PYTHON ?= /usr/bin/python3

.PHONY: all deps configure build demo test clean

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

test: build
	@cd $(BUILD_DIR) && ctest --output-on-failure -j $(JOBS)

clean:
	rm -rf $(BUILD_DIR) $(BUILD_DIR).configure.log
