"""Writes alignment_goldens.tsv: jiwer 3.x's word alignment chunks for random sentence pairs.

jiwer.process_words splits each sentence into words (wer_default: strip, collapse spaces, split on
spaces), maps every word to one character, and groups rapidfuzz's Levenshtein.editops(reference,
hypothesis) with rapidfuzz's Opcodes.from_editops; chunk type "replace" is called "substitute". This script
does exactly that with rapidfuzz 3.14.6 from PyPI (jiwer itself was not installable where this was written,
and its alignment is these two rapidfuzz calls). Run:

    python3 -m venv .venv-rf && .venv-rf/bin/pip install rapidfuzz==3.14.6
    .venv-rf/bin/python src/test/resources/metrics/make_alignment_goldens.py > src/test/resources/metrics/alignment_goldens.tsv

Columns: reference, hypothesis, chunks as "type ref_start ref_end hyp_start hyp_end" joined by ";".
"""
import random

from rapidfuzz.distance import Levenshtein, Opcodes

SEED = 20261207
WORDS = ["a", "b", "c", "d", "the", "cat"]


def chunks(reference, hypothesis):
    ref, hyp = reference.split(), hypothesis.split()
    vocabulary = {w: chr(0x100 + i) for i, w in enumerate(sorted(set(ref) | set(hyp)))}
    r = "".join(vocabulary[w] for w in ref)
    h = "".join(vocabulary[w] for w in hyp)
    out = []
    for op in Opcodes.from_editops(Levenshtein.editops(r, h)):
        tag = "substitute" if op.tag == "replace" else op.tag
        out.append(f"{tag} {op.src_start} {op.src_end} {op.dest_start} {op.dest_end}")
    return ";".join(out)


def main():
    rng = random.Random(SEED)
    print(f"# reference\thypothesis\tchunks (rapidfuzz 3.14.6 Opcodes.from_editops, seed {SEED})")
    pairs = [
        ("good evening to all", "good morning to you all"),
        ("a b c d", "a b c d"),
        ("a b c", ""),
        ("a", "b c d"),
    ]
    for _ in range(200):
        ref = " ".join(rng.choice(WORDS) for _ in range(rng.randint(1, 9)))
        hyp = " ".join(rng.choice(WORDS) for _ in range(rng.randint(0, 9)))
        pairs.append((ref, hyp))
    for ref, hyp in pairs:
        print(f"{ref}\t{hyp}\t{chunks(ref, hyp)}")


if __name__ == "__main__":
    main()
