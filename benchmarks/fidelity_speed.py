"""Speed of the fidelity check on long, repetitive excerpts: it must grow near-linearly.

A quote made of one sentence said over and over is the hard case: every word occurs
everywhere, so a naive search or an unbounded diff does work that grows with the
square of the length.  For quotes of about 6 kB, 60 kB and 600 kB this times
``fidelity.differences`` on excerpts that are

* ``faithful``   the whole quote, word for word;
* ``cut``        the quote with "…" for every tenth sentence;
* ``one-change`` the whole quote with one word changed in the middle;
* ``added``      the whole quote with two words added in the middle;
* ``reversed``   the quote's words in reverse order (cubic for an unbounded diff).

    python benchmarks/fidelity_speed.py
"""

from __future__ import annotations

import time

from lw_method.fidelity import differences

SENTENCE = "We kept meeting every week and we kept talking until the trust was there. "
SIZES_KB = (6, 60, 600)


def quote_of(size_kb: int) -> list[str]:
    return [SENTENCE] * (size_kb * 1000 // len(SENTENCE))


def excerpts(sentences: list[str]) -> dict[str, str]:
    middle = len(sentences) // 2
    changed = [*sentences[:middle], SENTENCE.replace("trust", "money"), *sentences[middle + 1:]]
    return {
        "faithful": "".join(sentences),
        "cut": "".join(s if n % 10 else "… " for n, s in enumerate(sentences)),
        "one-change": "".join(changed),
        "added": "".join([*sentences[:middle], "and then ", *sentences[middle:]]),
        "reversed": " ".join(reversed("".join(sentences).split())),
    }


def main() -> None:
    print(f"{'size':>7} {'case':<10} {'seconds':>8}  differences")
    for size in SIZES_KB:
        sentences = quote_of(size)
        quote = "".join(sentences)
        for case, excerpt in excerpts(sentences).items():
            start = time.perf_counter()
            found = differences(excerpt, quote)
            seconds = time.perf_counter() - start
            print(f"{len(quote) // 1000:>5}kB {case:<10} {seconds:>8.3f}  {len(found)}: {found[:1]}")


if __name__ == "__main__":
    main()
