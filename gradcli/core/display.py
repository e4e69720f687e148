"""How results show themselves in a notebook: a hook that the output layer fills.

The API's results (``Result``, ``CheckReport``, ``Gradients``) implement Jupyter's
``_repr_mimebundle_`` by asking ``bundle``; the renderers live in output/notebook.py, a
layer above them, which ``install``s itself when it is imported. The package's facade
(``gradcli.evaluate``, ``gradcli.check``, ...; gradcli/__init__.py) hands this module a
loader for it, run at the first display: every import points down, and neither the CLI
nor a script that never displays a result pays for it. Without renderers a result shows as
plain text; a display method never raises.
"""

from __future__ import annotations

from typing import Callable, Mapping

_RENDERERS: dict[str, Callable[[object], dict[str, str]]] = {}
_loaders: list[Callable[[], object]] = []


def defer(loader: Callable[[], object]) -> None:
    """Run ``loader`` (which installs renderers) at the first display, not before."""
    _loaders.append(loader)


def install(renderers: Mapping[str, Callable[[object], dict[str, str]]]) -> None:
    """The output layer's MIME-bundle makers, by the kind of result they show."""
    _RENDERERS.update(renderers)


def bundle(shown: object, kind: str) -> dict[str, str]:
    """The MIME bundle of ``shown``; plain text when no renderer is installed or it fails."""
    try:
        while _loaders:
            _loaders.pop()()
        render = _RENDERERS.get(kind)
        return render(shown) if render is not None else {"text/plain": repr(shown)}
    except Exception as exc:  # noqa: BLE001 - whatever went wrong, the notebook shows text
        return {"text/plain": f"<{type(shown).__name__}: cannot be displayed: "
                              f"{type(exc).__name__}: {exc}>"}
