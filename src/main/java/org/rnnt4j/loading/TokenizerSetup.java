package org.rnnt4j.loading;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.logging.Logger;
import org.rnnt4j.text.tokenizer.Tokenizer;
import org.rnnt4j.text.tokenizer.training.TokenizerTrainer;
import org.rnnt4j.text.tokenizer.training.TrainOptions;

/**
 * The recipe's tokenizer step: under the {@code --tokenizer_path} root, an existing
 * {@code tokenizer_spe_bpe_v{N}/} is reused; otherwise one is trained on the training transcripts with
 * NeMo's SentencePiece options (lower-casing normalisation when {@code --do_lower_case}).
 */
public final class TokenizerSetup {
  private static final Logger LOG = Logger.getLogger(TokenizerSetup.class.getName());

  private TokenizerSetup() {}

  /** @return the tokenizer directory */
  static Path findOrTrain(Path root, int vocabSize, boolean lowerCase, List<String> trainingTexts) {
    TrainOptions options = TrainOptions.defaults(vocabSize).withLowerCase(lowerCase);
    Path dir = root.resolve(options.directoryName());
    if (Files.isRegularFile(dir.resolve(Tokenizer.MODEL_FILE))) {
      LOG.info("reusing tokenizer " + dir);
      return dir;
    }
    if (trainingTexts.isEmpty()) {
      throw new IllegalArgumentException(
          "no tokenizer at " + dir + " and no training transcripts to train one (use --do_train or --tokenizer_path)");
    }
    LOG.info("training a " + vocabSize + "-piece BPE tokenizer on " + trainingTexts.size() + " transcripts into " + dir);
    return TokenizerTrainer.train(trainingTexts, options, root);
  }
}
