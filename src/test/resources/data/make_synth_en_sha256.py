#!/usr/bin/env python3
"""Writes synth_en_sha256.tsv from synth_en's NeMo manifest layout (the reference copy of the data):
one line per utterance with its split, row (manifest line - 1), id (audio file name without extension),
duration, SHA-256 of the FLAC file and transcript. The Parquet tests compare their rows against it.
Usage: python3 make_synth_en_sha256.py ../shared/data/synth_en > synth_en_sha256.tsv   (from the checkout's root)"""
import hashlib
import json
import os
import sys

root = sys.argv[1]
print("split\trow\tid\tduration\tsha256\ttext")
for split in ("train", "validation"):
    folder = os.path.join(root, split)
    with open(os.path.join(folder, "manifest.jsonl"), encoding="utf-8") as f:
        for row, line in enumerate(f):
            item = json.loads(line)
            path = os.path.join(folder, item["audio_filepath"])
            with open(path, "rb") as audio:
                digest = hashlib.sha256(audio.read()).hexdigest()
            stem = os.path.splitext(os.path.basename(path))[0]
            print(f"{split}\t{row}\t{stem}\t{item['duration']}\t{digest}\t{item['text']}")
