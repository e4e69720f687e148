"""Coverage-guided fuzzing of the parser, graph builder and both passes (atheris).

Any exception other than gradcli's own errors is a crash. Run it for a few
minutes (see docs/security.md):

    pip install atheris
    python fuzz/fuzz_parser.py -max_total_time=300 fuzz/corpus

Crashes are written as crash-* files; each becomes a case in tests/hostile_corpus.py.
"""

import sys

import atheris

with atheris.instrument_imports():
    from gradcli.api import evaluate
    from gradcli.errors import GradcliError
    from gradcli.limits import Limits

# Small limits keep each run fast; the limits themselves are tested elsewhere.
LIMITS = Limits(max_length=2_000, max_nodes=5_000, max_depth=200, check_timeout=2.0,
                sympy_max_nodes=60)


def test_one_input(data: bytes) -> None:
    fdp = atheris.FuzzedDataProvider(data)
    text = fdp.ConsumeUnicodeNoSurrogates(200)
    value = fdp.ConsumeFloatInRange(-5.0, 5.0)
    names = ["x", "y", "z", "w0", "e", "pi"]
    values = {n: value + k for k, n in enumerate(names) if fdp.ConsumeBool()}
    try:
        evaluate(text, values, check=fdp.ConsumeBool(), limits=LIMITS)
    except GradcliError:
        pass


if __name__ == "__main__":
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()
