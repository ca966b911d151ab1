"""Memory after sign-in (issue 22): PySide6's check of each imported module ("does it
use PySide6?") no longer keeps every module's source in ``linecache``
(``ui.source_cache``), and still answers as before."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap


def test_imports_after_the_application_keep_no_source_and_get_pysides_answer():
    script = """
        import inspect, json, linecache, sys
        from desktop_app.ui.app import application

        application()
        import desktop_app.ui.auto_sync  # and what it imports, with PySide6 or without
        kept = [m.__file__ for n, m in sys.modules.items()
                if n.startswith("desktop_app") and len(linecache.cache.get(m.__file__, ())) > 1]
        feature = sys.modules["shibokensupport.feature"]
        answers = {n: v for n, v in feature.pyside_feature_dict.items() if n.startswith("desktop_app")}
        pysides = {n: 0 if "PySide6" in inspect.getsource(sys.modules[n]) else -1 for n in answers}
        print(json.dumps({"kept": kept, "answers": answers, "pysides": pysides}))
    """
    out = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(script)],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
        env={**__import__("os").environ, "QT_QPA_PLATFORM": "offscreen"},
    ).stdout
    result = json.loads(out.strip().splitlines()[-1])
    assert result["kept"] == []
    assert result["answers"] == result["pysides"]  # PySide6's own check would say the same
    assert set(result["answers"].values()) == {0, -1}
