"""The deployment recipes: the container image carries every library the binary links, the
production configuration is valid, the systemd unit lets Steward write everything it writes,
and STEWARD_LISTEN moves the listener as the container needs."""

import configparser
import os
import re
import shutil
import subprocess
import tempfile
import time
import unittest
import urllib.request

from harness import STEWARD_BIN, listening_port

DEPLOY = os.path.join(os.path.dirname(__file__), "..", "..", "deploy")
# In debian:12-slim already (apt itself needs them).
BASE_PACKAGES = {"libc6", "libgcc-s1", "libstdc++6"}


def read(name):
    with open(os.path.join(DEPLOY, name)) as f:
        return f.read()


def package_of(library):
    for path in (library, "/usr" + library, os.path.realpath(library)):
        found = subprocess.run(["dpkg", "-S", path], capture_output=True, text=True)
        if found.returncode == 0:
            return found.stdout.split(":")[0]
    raise AssertionError("no Debian package holds " + library)


def with_dependencies(packages):
    """`packages` and every package they depend on (as installed here), which apt installs
    with them."""
    found, todo = set(), list(packages)
    while todo:
        package = todo.pop()
        if package in found:
            continue
        found.add(package)
        depends = subprocess.run(["dpkg-query", "-W", "-f=${Depends},${Pre-Depends}", package],
                                 capture_output=True, text=True).stdout
        for alternatives in depends.split(","):
            for choice in alternatives.split("|"):
                name = choice.strip().split(" ")[0].split(":")[0]
                if name:
                    todo.append(name)
    return found


def production_config(root):
    """deploy/steward.production.toml with /var/lib/steward moved to `root`."""
    shutil.copytree(os.path.join(DEPLOY, "rules"), os.path.join(root, "rules"))
    path = os.path.join(root, "steward.toml")
    with open(path, "w") as f:
        f.write(read("steward.production.toml").replace("/var/lib/steward", root))
    return path


class DeployTest(unittest.TestCase):
    def test_the_image_installs_every_library_the_binary_links(self):
        linked = subprocess.run(["ldd", STEWARD_BIN], capture_output=True, text=True,
                                check=True).stdout
        libraries = re.findall(r"=> (/\S+)", linked)
        needed = {package_of(lib) for lib in libraries} - BASE_PACKAGES
        runtime = read("Containerfile").split("FROM debian:12-slim", 1)[1]
        installed = set(re.findall(r"\b(lib[a-z0-9.+-]+)", runtime.split("rm -rf")[0]))
        self.assertEqual(needed - with_dependencies(installed), set(),
                         "missing from the runtime stage")

    def test_the_image_runs_unprivileged_with_data_on_a_volume_and_a_health_check(self):
        text = read("Containerfile")
        self.assertEqual(len(re.findall(r"^FROM ", text, re.M)), 2)  # multi-stage
        self.assertRegex(text, r"(?m)^USER steward$")
        self.assertRegex(text, r"(?m)^VOLUME /var/lib/steward$")
        self.assertRegex(text, r"HEALTHCHECK[^\n]*\n[^\n]*http://127\.0\.0\.1:8080/readyz")
        self.assertIn("ENV STEWARD_LISTEN=0.0.0.0:8080", text)
        compose = read("compose.yaml")
        self.assertIn('"127.0.0.1:8080:8080"', compose)  # the API is never published widely
        self.assertIn("condition: service_healthy", compose)

    def test_the_production_config_is_valid(self):
        root = tempfile.mkdtemp(prefix="steward-deploy-")
        result = subprocess.run([STEWARD_BIN, "check-config", "--config", production_config(root)],
                                capture_output=True, text=True, timeout=30,
                                env={"STEWARD_TELEGRAM_TOKEN": "123456:ABC",
                                     "STEWARD_TELEGRAM_SECRET_TOKEN": "s3cret"})
        self.assertEqual(result.returncode, 0, result.stderr)

    def test_the_unit_may_write_where_the_production_config_writes(self):
        unit = configparser.ConfigParser(strict=False, interpolation=None)
        unit.read_string(read("steward.service"))
        service = unit["Service"]
        writable = service.get("ReadWritePaths", "").split()
        writable += ["/var/lib/" + d for d in service.get("StateDirectory", "").split()]
        self.assertEqual(service["ProtectSystem"], "strict")
        config = read("steward.production.toml")
        paths = re.findall(r'"(/[^"]+)"', config)
        self.assertTrue(any(p.endswith(".db") for p in paths), paths)
        for path in paths:  # the database (and its backups beside it) and the editable lists
            self.assertTrue(any(path.startswith(w.rstrip("/") + "/") for w in writable),
                            "%s is not writable under the unit" % path)

    def test_steward_listen_overrides_the_configured_address(self):
        root = tempfile.mkdtemp(prefix="steward-deploy-")
        config = production_config(root)
        # Port 0: the kernel picks a free one, which Steward logs (see harness.Steward.start).
        env = {"STEWARD_TELEGRAM_TOKEN": "123456:ABC", "STEWARD_TELEGRAM_SECRET_TOKEN": "s3cret",
               "STEWARD_LISTEN": "127.0.0.1:0"}
        log_path = os.path.join(root, "steward.log")
        with open(log_path, "wb") as log:
            proc = subprocess.Popen([STEWARD_BIN, "serve", "--config", config], env=env,
                                    stdout=log, stderr=log)
            try:
                deadline = time.monotonic() + 20
                status = None
                port = None
                while time.monotonic() < deadline and status is None:
                    with open(log_path, encoding="utf-8", errors="replace") as written:
                        port = listening_port(written.read())
                    if port is None:
                        time.sleep(0.1)
                        continue
                    try:
                        with urllib.request.urlopen("http://127.0.0.1:%d/readyz" % port,
                                                    timeout=2) as answer:
                            status = answer.status
                    except OSError:
                        time.sleep(0.1)
                self.assertEqual(status, 200)
                self.assertNotEqual(port, 8080)  # the file's address gave way to STEWARD_LISTEN
            finally:
                proc.terminate()
                self.assertEqual(proc.wait(timeout=30), 0)


if __name__ == "__main__":
    unittest.main()
