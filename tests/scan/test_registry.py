#!/usr/bin/env python3
"""`pubplan scan --registry` against a registry on the loopback address.

usage: test_registry.py PUBPLAN

A small HTTP server serves packuments written for the fixture packages of
tests/scan/ (a found package, a 404 for a public and for a possibly private
one, a server error). The checks: what each answer makes of `exists` and
`access`, the finding when the registry cannot be read, that no request is
made without --registry, that no credentials are sent, and that the registry
comes from the user's npm configuration (HOME/.npmrc), never from the checkout.
"""
import http.server
import json
import os
import pathlib
import subprocess
import sys
import tempfile
import threading

import yaml

ROOT = pathlib.Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests"))
from harness import DAY  # noqa: E402  (the day the answers are computed for)

PACKUMENTS = {
    # Found: latest 2.0.0 with a provenance attestation.
    "/@hearth%2fcore": (200, {"name": "@hearth/core", "dist-tags": {"latest": "2.0.0"},
                              "versions": {"2.0.0": {"dist": {"attestations": {"provenance": {}}}}}}),
    # Not found, and the package is public (publishConfig.access): not published yet.
    "/@hearth%2fcli": (404, {"error": "Not found"}),
    # Not found, access unknown (scoped, no publishConfig): maybe private.
    "/@kiln%2fcli": (404, {"error": "Not found"}),
    # The registry fails.
    "/@kiln%2fcore": (500, {"error": "internal"}),
}

requests = []


class Registry(http.server.BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802 (the stdlib's name)
        requests.append((self.path, dict(self.headers)))
        status, body = PACKUMENTS.get(self.path, (404, {"error": "Not found"}))
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


failures = []


def check(cond, what):
    if not cond:
        failures.append(what)
        print(f"FAIL {what}")


def scan(pubplan, fixture, *extra, env=None):
    r = subprocess.run([pubplan, "scan", f"tests/scan/{fixture}", "--as-of", DAY, *extra],
                       cwd=ROOT, capture_output=True, text=True, env=env)
    check(r.returncode == 0, f"scan {fixture} {extra}: exit {r.returncode}: {r.stderr}")
    return yaml.safe_load(r.stdout), r.stderr


def package(doc, name):
    return next(p for p in doc["packages"] if p["name"] == name)


def main():
    pubplan = sys.argv[1]
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Registry)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/"
    try:
        # Without --registry: no request at all, exists stays unknown.
        doc, _ = scan(pubplan, "circleci-commands")
        check(requests == [], f"scan without --registry asked the registry: {requests}")
        check(package(doc, "@hearth/core")["exists"] == "unknown", "exists known without the registry")

        doc, err = scan(pubplan, "circleci-commands", "--registry", "--registry-url", url)
        core, cli = package(doc, "@hearth/core"), package(doc, "@hearth/cli")
        check(core["exists"] is True, f"a package the registry has: exists {core['exists']}")
        check(cli["exists"] is False, f"a public package the registry lacks: exists {cli['exists']}")
        check(not any("authorization" in {k.lower() for k in h} for _, h in requests),
              "a request carried credentials")
        check(all("npm.install-v1" in h.get("Accept", "") for _, h in requests), "not the abbreviated packument")
        text = subprocess.run([pubplan, "scan", "tests/scan/circleci-commands", "--as-of", DAY, "-q",
                               "--registry", "--registry-url", url], cwd=ROOT, capture_output=True, text=True).stdout
        check("latest 2.0.0, with provenance" in text, "the comment does not say the latest version's provenance")
        check("registry-unreachable" not in err, "a finding although every packument was read")

        # A 404 for a package that may be private leaves it unknown; a server
        # error leaves it unknown with a finding. The registry comes from the
        # user's ~/.npmrc, not from a file of the checkout.
        with tempfile.TemporaryDirectory() as home:
            pathlib.Path(home, ".npmrc").write_text(f"; the user's own npm configuration\nregistry={url}\n")
            env = {k: v for k, v in os.environ.items() if not k.lower().startswith("npm_config_")}
            env["HOME"] = home
            doc, err = scan(pubplan, "publisher-not-found", "--registry", env=env)
        kiln_cli, kiln_core = package(doc, "@kiln/cli"), package(doc, "@kiln/core")
        check(kiln_cli["exists"] == "unknown", f"a 404 for a maybe-private package: exists {kiln_cli['exists']}")
        check(kiln_core["exists"] == "unknown", f"a server error: exists {kiln_core['exists']}")
        ids = [f["id"] for f in doc["findings"]]
        check("scan.registry-unreachable" in ids, f"no finding for the failed read: {ids}")
        check("scan.registry-unreachable" in err and "HTTP 500" in err, f"stderr: {err}")

        # --registry-url alone is a usage error.
        r = subprocess.run([pubplan, "scan", "tests/scan/kokoro", "--registry-url", url], cwd=ROOT,
                           capture_output=True, text=True)
        check(r.returncode == 2 and "--registry-url needs --registry" in r.stderr, f"--registry-url alone: {r.stderr}")
    finally:
        server.shutdown()
    print(f"registry: {len(failures)} failures")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
