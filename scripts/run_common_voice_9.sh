#!/usr/bin/env bash
# Fine-tunes NeMo's Conformer-Transducer XL on Common Voice 9 English for 100k steps, cased (no
# lower-casing) and evaluating on clips of at most 20 s: the Python recipe's scripts/run_common_voice_9.sh (sanchit-gandhi/asr-rnnt) with its hyper-parameters,
# run by rnnt4j. Data: mozilla-foundation/common_voice_9_0, config "en" (gated: accept its terms on the Hub and set HF_TOKEN):
# the columns client_id, path, audio, sentence, up_votes, down_votes, age, gender, accent, locale, segment;
# the transcripts are in "sentence".
# The model starts from NeMo's pretrained stt_en_conformer_transducer_xlarge (nvidia/stt_en_conformer_transducer_xlarge
# on the Hub) with conf/conformer_transducer_bpe_xlarge.yaml and a new 1024-piece tokenizer trained under ./tokenizer.
# The dataset and the model are fetched into the Hugging Face cache on first use (--download; HF_HUB_OFFLINE=1 uses
# the cache without asking the Hub). Differences from the recipe: --report_to tensorboard (W&B is not built in),
# --download (the recipe's load_dataset downloads by itself); --device auto takes CUDA_VISIBLE_DEVICES' first GPU.
# Flags given to this script override these, e.g. scripts/run_common_voice_9.sh --output_dir runs/x --max_steps 1000
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CUDA_VISIBLE_DEVICES="${CUDA_VISIBLE_DEVICES:-1}" exec "$ROOT/rnnt4j" train \
  --config_path="conf/conformer_transducer_bpe_xlarge.yaml" \
  --model_name_or_path="stt_en_conformer_transducer_xlarge" \
  --dataset_name="mozilla-foundation/common_voice_9_0" \
  --tokenizer_path="tokenizer" \
  --vocab_size="1024" \
  --max_steps="100000" \
  --dataset_config_name="en" \
  --train_split_name="train" \
  --eval_split_name="validation" \
  --test_split_name="test" \
  --text_column_name="sentence" \
  --output_dir="./" \
  --run_name="rnnt-cv9-baseline" \
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
  --do_lower_case="False" \
  --max_eval_duration_in_seconds="20" \
  --fuse_loss_wer \
  --group_by_length \
  --overwrite_output_dir \
  --do_train \
  --do_eval \
  --do_predict \
  --use_auth_token \
  --download \
  "$@"
