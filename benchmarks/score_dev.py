"""Run `borderwatch extract --json` on the dev set and score it: `python benchmarks/score_dev.py [--verbose]`.

The dev set lives outside the repository (../shared/eval/dev); nothing of it is copied here.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEV = REPO.parent / "shared" / "eval"


def main() -> int:
    articles = DEV / "dev" / "articles.jsonl"
    if not articles.exists():
        print(f"dev set not found at {articles}", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as tmp:
        pred = Path(tmp) / "pred.jsonl"
        with pred.open("w", encoding="utf-8") as out:
            subprocess.run(
                [sys.executable, "-m", "borderwatch", "extract", str(articles), "--json"],
                check=True,
                stdout=out,
                cwd=REPO,
            )
        args = [sys.executable, str(DEV / "score.py"), "--gold", str(DEV / "dev" / "gold.jsonl"), "--pred", str(pred)]
        return subprocess.run(args + sys.argv[1:], check=False).returncode


if __name__ == "__main__":
    sys.exit(main())
