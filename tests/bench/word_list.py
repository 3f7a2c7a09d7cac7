"""Writes a synthetic moderation word list: 80 % Chinese words of 2–4 characters, 20 % English
words of 4–8 letters, distinct, from a fixed seed (the same list in every run).

    python3 tests/bench/word_list.py <count> <path>
"""
import random
import string
import sys

count, path = int(sys.argv[1]), sys.argv[2]
rng = random.Random(7)
seen = set()
with open(path, "w", encoding="utf-8") as f:
    while len(seen) < count:
        if rng.random() < 0.8:
            w = "".join(chr(rng.randint(0x4E00, 0x9FA5)) for _ in range(rng.randint(2, 4)))
        else:
            w = "".join(rng.choice(string.ascii_lowercase) for _ in range(rng.randint(4, 8)))
        if w not in seen:
            seen.add(w)
            f.write(w + "\n")
