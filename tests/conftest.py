import json
import os
import shutil
import subprocess
import sys

import pytest
from click.testing import CliRunner
from hypothesis import settings

from gradcli.cli import main

# CI runs the same property examples every time (a red CI is then reproducible);
# elsewhere each run explores new ones.
settings.register_profile("ci", derandomize=True, database=None)
if os.environ.get("CI"):
    settings.load_profile("ci")

LECTURE_POINT = ["--w0", "2", "--x0", "-1", "--w1", "-3", "--x1", "-2", "--w2", "-3"]
SIGMOID_CIRCUIT = "1/(1+exp(-(w0*x0+w1*x1+w2)))"


@pytest.fixture
def cli():
    """Run gradcli in-process; returns Click's Result (stdout, stderr, exit_code)."""

    def run(*args, input=None, env=None):
        runner = CliRunner()
        return runner.invoke(main, list(args), input=input, env={"NO_COLOR": None, **(env or {})},
                             catch_exceptions=False)

    return run


def gradcli_command() -> list[str]:
    """The installed console script when there is one, else ``python -m gradcli``."""
    exe = shutil.which("gradcli", path=os.path.dirname(sys.executable)) or shutil.which("gradcli")
    return [exe] if exe else [sys.executable, "-m", "gradcli"]


@pytest.fixture
def run_gradcli():
    """Run gradcli as a real process, as a shell script would."""

    def run(*args, input=None, env=None, cwd=None):
        full_env = {**os.environ, **(env or {})}
        full_env.pop("FORCE_COLOR", None)
        return subprocess.run(gradcli_command() + list(args), capture_output=True, text=True,
                              input=input, env=full_env, timeout=120, cwd=cwd)

    return run


def read_until_closed(fd: int) -> bytes:
    """Everything a finished process wrote to a pseudo-terminal (``fd``: its primary side)."""
    chunks = []
    while True:
        try:
            data = os.read(fd, 65536)
        except OSError:  # the secondary side is closed: all was read
            break
        if not data:
            break
        chunks.append(data)
    os.close(fd)
    return b"".join(chunks)


def modules_loaded_by(runs: list[list[str]], modules: tuple[str, ...]) -> list[str]:
    """Which of ``modules`` a fresh Python has imported after gradcli ran with each of ``runs``."""
    code = (
        "import json, sys\n"
        "from gradcli.cli import main\n"
        f"for args in {json.dumps(runs)}:\n"
        "    try:\n"
        "        main(args)\n"
        "    except SystemExit:\n"
        "        pass\n"
        f"print(json.dumps(sorted(m for m in {json.dumps(modules)} if m in sys.modules)))\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    return json.loads(proc.stdout.strip().splitlines()[-1])
