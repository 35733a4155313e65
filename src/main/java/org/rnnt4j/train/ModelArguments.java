package org.rnnt4j.train;

import java.nio.file.Path;

/**
 * Which model to train and with which tokenizer, with the Python recipe's flag names.
 *
 * @param configPath a NeMo model conf (with a {@code model:} root or without)
 * @param modelNameOrPath an rnnt4j model directory to start from, or null to initialise from the conf
 * @param tokenizerPath root directory: {@code tokenizer_spe_bpe_v{N}/} under it is reused or trained
 * @param vocabSize N, the tokenizer's pieces
 */
public record ModelArguments(Path configPath, Path modelNameOrPath, Path tokenizerPath, int vocabSize) {}
