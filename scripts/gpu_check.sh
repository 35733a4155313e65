#!/usr/bin/env bash
# The GPU check of issue 13, ready to run on a machine with one CUDA GPU (UNVERIFIED on CUDA: written and
# smoke-tested on a CPU-only machine; see benchmarks/README.md).
#
#  1. builds rnnt4j with the `cuda` Maven profile (libtorch's -gpu natives and the CUDA redistributables;
#     they come from Maven Central: on a machine without network, fetch them first elsewhere with
#     `mvn -Pcuda dependency:go-offline` and copy ~/.m2, then run this with MVN_OFFLINE=-o);
#  2. runs `rnnt4j bench gpu --device cuda` (org.rnnt4j.train.GpuCheck): the device loss (libtorch ops)
#     against the CPU Java kernel on the same (8, 250, 61, 1025) logits (losses and gradients, 1e-5);
#     greedy_batch hypotheses on CUDA against the CPU's for one Conformer-small model; the batched beam
#     search (malsd_batch, 4 beams) likewise; Conformer-small training updates (batch 16,
#     10 s, 60 labels, vocabulary 1024) in fp32, bf16 and fp16, each 3 untimed and 10 timed;
#  3. writes benchmarks/gpu.json: per precision the median step time, the peak GPU memory
#     (max_memory_allocated) and the host-device copies per update that rnnt4j's code makes.
#
# Exit status: 0 when every check ran and agreed with the CPU, 1 otherwise (the JSON says which).
# Flags given to this script go to `rnnt4j bench gpu` (e.g. --batch_size 8 --steps 5).
# Afterwards `mvn package` (without -Pcuda) rebuilds the CPU jar that ./rnnt4j uses.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
START=$(date +%s)
command -v nvidia-smi >/dev/null && nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv,noheader || \
  echo "gpu_check: nvidia-smi not found; libtorch will say whether it sees a CUDA device" >&2
echo "gpu_check: building with -Pcuda ..." >&2
mvn -q -B ${MVN_OFFLINE:-} -Pcuda -DskipTests package
echo "gpu_check: built in $(( $(date +%s) - START )) s; running the checks (limit 7 minutes) ..." >&2
mkdir -p benchmarks
set +e
timeout 420 java ${RNNT4J_JAVA_OPTS:--Xmx16g} -jar target/rnnt4j.jar bench gpu --device cuda \
  --output benchmarks/gpu.json "$@"
STATUS=$?
set -e
echo "gpu_check: exit $STATUS after $(( $(date +%s) - START )) s; report in benchmarks/gpu.json" >&2
exit $STATUS
