"""Time one article of growing size through every stage: `python benchmarks/size.py [MB...]`.

The article is the seed articles repeated to the size asked (1, 2, 4, 8 MB by default). Prints the
seconds per stage (read, geoparse, incident extraction) and per megabyte: a linear pipeline keeps
the last column flat.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))


def main(sizes: list[float]) -> None:
    from borderwatch import settings
    from borderwatch.extract import extract_incidents
    from borderwatch.gazetteer import load_gazetteer
    from borderwatch.geoparse import geoparse
    from borderwatch.ingest import read_articles

    seeds = "\n\n".join(p.read_text(encoding="utf-8") for p in sorted((REPO / "seeds").glob("*.txt")))
    load_gazetteer()  # not part of any article's cost
    settings.MAX_ARTICLE_CHARS = 10**9
    print(f"{'MB':>5} {'chars':>10} {'read s':>7} {'geoparse s':>10} {'extract s':>9} {'total s':>8} {'s/MB':>6}")
    with tempfile.TemporaryDirectory() as folder:
        for mb in sizes:
            text = "Long article\n\n" + seeds * (int(mb * 1_000_000 / len(seeds)) + 1)
            text = text[: int(mb * 1_000_000)]
            path = Path(folder) / "long.txt"
            path.write_text(text, encoding="utf-8")
            t0 = time.perf_counter()
            [article] = read_articles([path])
            t1 = time.perf_counter()
            mentions = geoparse(article.id, article.text)
            t2 = time.perf_counter()
            extract_incidents(article, mentions)
            t3 = time.perf_counter()
            total = t3 - t0
            print(
                f"{mb:>5g} {len(text):>10,} {t1 - t0:>7.2f} {t2 - t1:>10.2f} {t3 - t2:>9.2f} {total:>8.2f}"
                f" {total / mb:>6.2f}",
                flush=True,
            )


if __name__ == "__main__":
    main([float(a) for a in sys.argv[1:]] or [1, 2, 4, 8])
