#!/usr/bin/env bash
# rnnt4j against the PyTorch peer (../shared/peer) on issue 14's workloads, one side after the other, written to
# benchmarks/peer_comparison.json (benchmarks/peer_comparison_busy.json with --busy). Run it on a quiet machine
# with no thread variables set. `scripts/bench_vs_peer.sh --help` lists the workloads and flags; --quick is a smoke
# test whose figures mean nothing. Needs Debian's python3-torch, python3-torchaudio, python3-yaml, python3-numpy
# and python3-sentencepiece (the peer's), run by /usr/bin/python3.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
./rnnt4j --version >/dev/null # builds target/rnnt4j.jar first if the sources changed, outside every timing
exec /usr/bin/python3 "$ROOT/scripts/bench_vs_peer.py" "$@"
