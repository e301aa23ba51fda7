"""solve() releases the GIL: solves on one shared Planner run in parallel threads."""

import threading
import time

import pubplan
from conftest import generated_topology


def _both_solving_samples(planner, topology):
    """Solves TOPOLOGY in two threads at once; a third (pure Python) thread samples,
    every 2 ms, whether both are inside solve(). Returns (samples, results)."""
    barrier = threading.Barrier(3)
    inside = [False, False]
    done = threading.Event()
    results = [None, None]
    samples = 0

    def solve(i):
        barrier.wait()
        inside[i] = True
        results[i] = planner.solve(topology)
        inside[i] = False

    def monitor():
        nonlocal samples
        barrier.wait()
        while not done.is_set():
            if inside[0] and inside[1]:
                samples += 1
            time.sleep(0.002)

    threads = [threading.Thread(target=solve, args=(i,)) for i in range(2)]
    watcher = threading.Thread(target=monitor)
    for t in [*threads, watcher]:
        t.start()
    for t in threads:
        t.join()
    done.set()
    watcher.join()
    return samples, results


def test_two_threads_overlap_on_one_planner():
    # If solve() held the GIL, the monitor could run only in the few milliseconds
    # between one solve's return and its thread clearing its flag: a handful of
    # samples at most. With the GIL released, both solves (each over 0.2 s) run
    # together while the monitor keeps sampling: hundreds of samples.
    planner = pubplan.Planner()
    # Large enough that one solve takes a while on this machine, whatever its speed.
    for n in (16, 32, 64, 128, 256):
        topology = pubplan.Topology.from_dict(generated_topology(n))
        start = time.perf_counter()
        sequential = planner.solve(topology).to_dict()
        single = time.perf_counter() - start
        if single > 0.2:
            break
    assert single > 0.2, "the generated topology is too small to show anything"
    # Pairwise different shapes up to a point (beyond it some repeat): real work each.
    assert sequential["summary"]["distinct_problems"] >= 16
    best = 0
    for _ in range(5):
        samples, results = _both_solving_samples(planner, topology)
        for r in results:
            assert r.to_dict() == sequential
        best = max(best, samples)
        if best >= 25:
            break
    assert best >= 25, f"the two solves were seen running together only {best} times: is the GIL released?"


def test_many_threads_agree():
    planner = pubplan.Planner()
    topology = pubplan.load("examples/acme.yaml")
    expected = planner.solve(topology).to_dict()
    out = []
    threads = [threading.Thread(target=lambda: out.append(planner.solve(topology).to_dict())) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert out == [expected] * 4
