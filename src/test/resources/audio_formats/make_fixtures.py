#!/usr/bin/env python3
"""Copies the audio test fixtures from the shared data set into this folder.

Source: ../shared/data/audio_formats beside the checkout (see its README.md): real recordings in several codecs, each with
FFmpeg 5.1 reference decodes golden/FILE.native.f32le (all channels interleaved, native rate) and
golden/FILE.16k_mono.f32le (channel average, soxr 16 kHz). To keep the repository small this script
  * copies only the files the tests use, unchanged;
  * gzips the reference decodes (float32 little endian, byte for byte) as golden/NAME.gz;
  * stores byte-identical references once (the four 16 kHz ls4s WAV variants decode to the same samples),
    recording in index.json which reference each file uses.
Run: python3 make_fixtures.py [SOURCE_DIR]   (default: that folder, found from this script's location)
"""
import gzip
import hashlib
import json
import os
import shutil
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
# this folder is src/test/resources/audio_formats of the checkout; the shared data sits beside the checkout
SOURCE = sys.argv[1] if len(sys.argv) > 1 else os.path.join(HERE, "..", "..", "..", "..", "..", "shared", "data", "audio_formats")

# file -> which references to keep ("native" for exact/SNR decode tests, "mono_16k" for resampler tests)
FILES = {
    "ls4s_s24.wav": ["native"],
    "ls4s_s32.wav": ["native"],
    "ls4s_f32.wav": ["native"],
    "ls4s_f64.wav": ["native"],
    "ls4s_u8.wav": ["native"],
    "ls4s_mulaw.wav": ["native", "mono_16k"],
    "ls4s_mulaw.sph": ["native", "mono_16k"],
    "stereo.wav": ["native", "mono_16k"],
    "stereo.sph": ["native"],
    "LJ002-0020.wav": ["native", "mono_16k"],
    "2412-153948-0000.flac": ["native"],
    "ls4s_48k_stereo_s24.flac": ["native", "mono_16k"],
    "ls4s_vorbis.ogg": ["native"],
    "ls4s_44k.mp3": ["mono_16k"],
    "stereo.mp3": ["native", "mono_16k"],
    "stereo.opus": ["native", "mono_16k"],
    "mono_c0.opus": ["native"],
}


def main():
    with open(os.path.join(SOURCE, "index.json")) as f:
        source_index = json.load(f)
    os.makedirs(os.path.join(HERE, "golden"), exist_ok=True)
    by_digest = {}
    index = {}
    for name, kinds in FILES.items():
        shutil.copyfile(os.path.join(SOURCE, name), os.path.join(HERE, name))
        entry = {k: source_index[name][k] for k in ("codec", "sample_rate", "channels", "native_frames")}
        entry["mono_16k_samples"] = source_index[name]["mono_16k_samples"]
        for kind in ("native", "mono_16k"):
            entry[kind] = None
            if kind not in kinds:
                continue
            with open(os.path.join(SOURCE, source_index[name][kind]), "rb") as f:
                data = f.read()
            digest = hashlib.sha256(data).hexdigest()
            if digest not in by_digest:
                target = "golden/" + os.path.basename(source_index[name][kind]) + ".gz"
                # mtime=0 keeps the .gz bytes reproducible
                with open(os.path.join(HERE, target), "wb") as raw, gzip.GzipFile(
                    fileobj=raw, mode="wb", compresslevel=9, mtime=0
                ) as out:
                    out.write(data)
                by_digest[digest] = target
            entry[kind] = by_digest[digest]
            entry[kind + "_sha256"] = digest
        index[name] = entry
    with open(os.path.join(HERE, "index.json"), "w") as f:
        json.dump(index, f, indent=1, sort_keys=True)
        f.write("\n")


if __name__ == "__main__":
    main()
