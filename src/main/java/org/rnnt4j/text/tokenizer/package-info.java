/**
 * SentencePiece tokenizers compatible with Google's sentencepiece 0.1.97, as NVIDIA NeMo uses them
 * for ASR BPE models: encoding and decoding.
 *
 * <p>Entry points: {@link org.rnnt4j.text.tokenizer.Tokenizer} (load a {@code tokenizer_spe_bpe_v{N}/}
 * directory or a {@code .model}, encode and decode) and {@link org.rnnt4j.text.tokenizer.SentencePieceModel}
 * (the full {@code SentencePieceProcessor} surface): segmentation ({@code PieceTable}, {@code
 * BpeSegmenter}, {@code UnigramSegmenter}), decoding ({@code PieceDecoder}) and NeMo's vocabulary files
 * ({@code VocabFiles}).
 *
 * <p>Sub-packages, each a layer over the ones before it: {@code proto} (the {@code .model} protobuf:
 * {@code ProtoFields}, {@code TrainerSpec}, {@code NormalizerSpec}, {@code ModelProto}, reader and
 * writer); {@code normalize} ({@code DoubleArrayTrie}, {@code PrecompiledCharsMap}, {@code
 * PrefixMatcher}, {@code Normalizer}); this package; {@code training} ({@code TokenizerTrainer} with
 * {@code TrainOptions}, like NeMo's {@code process_asr_text_tokenizer.py}, and {@code BpeTrainer}, {@code
 * spm_train --model_type=bpe}). Each class mirrors the sentencepiece source file named in its javadoc; the
 * sources were read for behaviour, no code was copied.
 */
package org.rnnt4j.text.tokenizer;
