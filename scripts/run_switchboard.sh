#!/usr/bin/env bash
# Fine-tunes NeMo's Conformer-Transducer XL on the LDC Switchboard corpus, testing on the Hub5'00
# Switchboard and CallHome subsets: the Python recipe's scripts/run_switchboard.sh (sanchit-gandhi/asr-rnnt) with its hyper-parameters,
# run by rnnt4j. Data: ldc/switchboard, config "switchboard": a private Hub dataset (LDC licence) with the columns audio and text
# and the splits train, validation, test.switchboard, test.callhome; transcripts get the recipe's Switchboard
# rules (noise tags, partial words, fillers).
# The model starts from NeMo's pretrained stt_en_conformer_transducer_xlarge (nvidia/stt_en_conformer_transducer_xlarge
# on the Hub) with conf/conformer_transducer_bpe_xlarge.yaml and a new 1024-piece tokenizer trained under ./tokenizer.
# The dataset and the model are fetched into the Hugging Face cache on first use (--download; HF_HUB_OFFLINE=1 uses
# the cache without asking the Hub). Differences from the recipe: --report_to tensorboard (W&B is not built in),
# --download (the recipe's load_dataset downloads by itself); --device auto takes CUDA_VISIBLE_DEVICES' first GPU.
# Flags given to this script override these, e.g. scripts/run_switchboard.sh --output_dir runs/x --max_steps 1000
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CUDA_VISIBLE_DEVICES="${CUDA_VISIBLE_DEVICES:-1}" exec "$ROOT/rnnt4j" train \
  --config_path="conf/conformer_transducer_bpe_xlarge.yaml" \
  --model_name_or_path="stt_en_conformer_transducer_xlarge" \
  --dataset_name="ldc/switchboard" \
  --tokenizer_path="tokenizer" \
  --vocab_size="1024" \
  --num_train_epochs="3.39" \
  --dataset_config_name="switchboard" \
  --train_split_name="train" \
  --eval_split_name="validation" \
  --test_split_name="test.switchboard+test.callhome" \
  --text_column_name="text" \
  --output_dir="./" \
  --run_name="rnnt-switchboard-baseline" \
  --per_device_train_batch_size="8" \
  --per_device_eval_batch_size="4" \
  --logging_steps="50" \
  --learning_rate="1e-4" \
  --warmup_steps="500" \
  --save_strategy="steps" \
  --save_steps="20000" \
  --evaluation_strategy="steps" \
  --eval_steps="20000" \
  --report_to="tensorboard" \
  --preprocessing_num_workers="4" \
  --fused_batch_size="4" \
  --length_column_name="input_lengths" \
  --fuse_loss_wer \
  --group_by_length \
  --overwrite_output_dir \
  --do_lower_case \
  --do_train \
  --do_eval \
  --do_predict \
  --use_auth_token \
  --download \
  "$@"
