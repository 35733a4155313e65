#!/usr/bin/env bash
# Trains the tiny strided ContextNet on the bundled dummy dataset (48 training, 16 validation utterances),
# then evaluates and predicts. Flags given to this script are passed on to `rnnt4j train` and override
# the defaults below, e.g.: scripts/run_dummy.sh --output_dir runs/x --num_train_epochs 60
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
exec ./rnnt4j train \
  --config_path conf/contextnet_rnnt_tiny.yaml \
  --dataset_name datasets/synth_en_dummy \
  --train_split_name train \
  --eval_split_name validation \
  --test_split_name validation \
  --tokenizer_path runs/tokenizers \
  --vocab_size 128 \
  --output_dir runs/dummy \
  --overwrite_output_dir \
  --num_train_epochs 60 \
  --per_device_train_batch_size 8 \
  --per_device_eval_batch_size 8 \
  --learning_rate 5e-3 \
  --warmup_steps 30 \
  --logging_steps 10 \
  --evaluation_strategy steps \
  --eval_steps 60 \
  --save_strategy steps \
  --save_steps 120 \
  --save_total_limit 2 \
  --group_by_length \
  --do_lower_case \
  --do_train \
  --do_eval \
  --do_predict \
  "$@"
