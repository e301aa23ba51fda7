# pubplan in a container: Debian 12, the command built from this source tree.
#   docker build -t pubplan .
#   docker run --rm -v "$PWD:/work" -w /work pubplan solve topology.yaml
#   docker run --rm -v "$PWD:/work" -w /work pubplan scan .
FROM debian:12

COPY . /usr/src/pubplan
WORKDIR /usr/src/pubplan
# Only what building needs (scripts/install-deps build), a release build without
# tests, Python or benchmarks, installed under /usr/local; the build tree and
# apt's lists are removed in the same layer.
RUN scripts/install-deps build \
 && cmake -S . -B /tmp/build -DCMAKE_BUILD_TYPE=Release -DPUBPLAN_BUILD_TESTS=OFF \
      -DPUBPLAN_BUILD_PYTHON=OFF -DPUBPLAN_BUILD_BENCHMARKS=OFF \
 && cmake --build /tmp/build -j "$(nproc)" \
 && cmake --install /tmp/build --prefix /usr/local \
 && ldconfig \
 && rm -rf /tmp/build /var/lib/apt/lists/* \
 && pubplan --version

WORKDIR /work
ENTRYPOINT ["pubplan"]
CMD ["--help"]
