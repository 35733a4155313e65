#!/usr/bin/env bash
# Fine-tunes NeMo's Conformer-Transducer XL on LibriSpeech 960 h (train.clean.100 + train.clean.360 +
# train.other.500), evaluating on validation.clean and testing on test.clean and test.other: the Python recipe's scripts/run_librispeech.sh (sanchit-gandhi/asr-rnnt) with its hyper-parameters,
# run by rnnt4j. Data: librispeech_asr (the Hub's openslr/librispeech_asr), config "all": Parquet shards with the columns
# file, audio, text, speaker_id, chapter_id, id; about 60 GB for these splits.
# The model starts from NeMo's pretrained stt_en_conformer_transducer_xlarge (nvidia/stt_en_conformer_transducer_xlarge
# on the Hub) with conf/conformer_transducer_bpe_xlarge.yaml and a new 1024-piece tokenizer trained under ./tokenizer.
# The dataset and the model are fetched into the Hugging Face cache on first use (--download; HF_HUB_OFFLINE=1 uses
# the cache without asking the Hub). Differences from the recipe: --report_to tensorboard (W&B is not built in),
# --download (the recipe's load_dataset downloads by itself); --device auto takes CUDA_VISIBLE_DEVICES' first GPU.
# Flags given to this script override these, e.g. scripts/run_librispeech.sh --output_dir runs/x --max_steps 1000
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CUDA_VISIBLE_DEVICES="${CUDA_VISIBLE_DEVICES:-0}" exec "$ROOT/rnnt4j" train \
  --config_path="conf/conformer_transducer_bpe_xlarge.yaml" \
  --model_name_or_path="stt_en_conformer_transducer_xlarge" \
  --dataset_name="librispeech_asr" \
  --tokenizer_path="tokenizer" \
  --vocab_size="1024" \
  --num_train_epochs="2.84" \
  --dataset_config_name="all" \
  --train_split_name="train.clean.100+train.clean.360+train.other.500" \
  --eval_split_name="validation.clean" \
  --test_split_name="test.clean+test.other" \
  --text_column_name="text" \
  --output_dir="./conformer-transducer-xl-ls-960h" \
  --run_name="rnnt-ls-960h-baseline" \
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
