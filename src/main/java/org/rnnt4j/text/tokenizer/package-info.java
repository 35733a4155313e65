/**
 * SentencePiece tokenizers compatible with Google's sentencepiece 0.1.97, as NVIDIA NeMo uses them
 * for ASR BPE models.
 *
 * <p>Entry points: {@link org.rnnt4j.text.tokenizer.Tokenizer} (load a {@code
 * tokenizer_spe_bpe_v{N}/} directory or a {@code .model}, encode and decode), {@link
 * org.rnnt4j.text.tokenizer.TokenizerTrainer} with {@link org.rnnt4j.text.tokenizer.TrainOptions}
 * (train like NeMo's {@code process_asr_text_tokenizer.py}), {@link
 * org.rnnt4j.text.tokenizer.SentencePieceModel} (the full {@code SentencePieceProcessor} surface)
 * and {@link org.rnnt4j.text.tokenizer.BpeTrainer} ({@code spm_train --model_type=bpe}).
 *
 * <p>Layers inside the package: the {@code .model} protobuf ({@code ProtoFields}, {@code
 * TrainerSpec}, {@code NormalizerSpec}, {@code ModelProto}, reader and writer); normalisation
 * ({@code DoubleArrayTrie}, {@code PrecompiledCharsMap}, {@code PrefixMatcher}, {@code
 * Normalizer}); segmentation ({@code PieceTable}, {@code BpeSegmenter}, {@code UnigramSegmenter})
 * and decoding ({@code PieceDecoder}); training ({@code TrainingCorpus}, {@code WordSplitter},
 * {@code PieceValidator}, {@code BpeMergeLearner}, {@code MetaPieces}, {@code ModelAssembler}).
 * Each mirrors the sentencepiece source file named in its javadoc; the sources were read for
 * behaviour, no code was copied.
 */
package org.rnnt4j.text.tokenizer;
