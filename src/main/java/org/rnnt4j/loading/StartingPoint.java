package org.rnnt4j.loading;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;
import org.rnnt4j.checkpoint.SavedModel;
import org.rnnt4j.checkpoint.TokenizerFiles;
import org.rnnt4j.config.ConfigNode;
import org.rnnt4j.model.Transducer;
import org.rnnt4j.model.TransducerConfig;
import org.rnnt4j.model.Transducers;
import org.rnnt4j.util.FormatException;

/**
 * Where a training run's model comes from, as the model flags say: a conf (fresh weights), a model to
 * fine-tune ({@code --model_name_or_path}: its weights, and the tokenizer of {@code --tokenizer_path}
 * when given, with a {@link VocabularyChange}), or a model to restore as it is ({@code
 * --pretrained_model_name_or_path}: its config, weights and tokenizer).
 */
public final class StartingPoint {
  private static final Logger LOG = Logger.getLogger(StartingPoint.class.getName());

  private final ModelArguments args;
  private final SavedModel saved;
  private final ConfigNode modelConfig;

  private StartingPoint(ModelArguments args, SavedModel saved, ConfigNode modelConfig) {
    this.args = args;
    this.saved = saved;
    this.modelConfig = modelConfig;
  }

  /** Reads the saved model the flags name, if any, and the model config. */
  public static StartingPoint resolve(ModelArguments args) {
    String spec = args.pretrainedModelNameOrPath() != null ? args.pretrainedModelNameOrPath() : args.modelNameOrPath();
    SavedModel saved = spec == null ? null : SavedModel.read(ModelResolver.of(args.fetch()).locate(spec));
    ConfigNode config;
    if (args.pretrainedModelNameOrPath() != null) {
      if (args.configPath() != null) {
        LOG.warning("--config_path is ignored: --pretrained_model_name_or_path restores the model with its own config");
      }
      config = saved.config();
    } else if (args.configPath() != null) {
      if (!Files.isRegularFile(args.configPath())) {
        throw new IllegalArgumentException("--config_path " + args.configPath() + " does not exist");
      }
      config = ConfigNode.load(args.configPath()).modelSection();
    } else if (saved != null) {
      config = saved.config();
    } else {
      throw new IllegalArgumentException(
          "give --config_path (a NeMo model conf), --model_name_or_path or --pretrained_model_name_or_path (a saved model)");
    }
    if (saved != null) {
      LOG.info("starting from " + saved.location().path() + " (" + saved.location().format().name().toLowerCase() + ")");
    }
    return new StartingPoint(args, saved, config);
  }

  public ConfigNode modelConfig() {
    return modelConfig;
  }

  /** The {@code _metadata} of the checkpoint the weights come from, or null for fresh weights. */
  public Map<String, Map<String, Object>> weightsMetadata() {
    return saved == null ? null : saved.weights().metadata();
  }

  /**
   * The tokenizer a run uses.
   *
   * @param directory where it was found or trained, or null when it is the checkpoint's
   */
  public record ChosenTokenizer(TokenizerFiles files, Path directory) {}

  /**
   * The checkpoint's tokenizer (restoring, or fine-tuning without {@code --tokenizer_path}), else the one
   * found under or trained into {@code --tokenizer_path}.
   *
   * @param trainingTexts transcripts to train a tokenizer on, if none exists
   */
  public ChosenTokenizer tokenizer(List<String> trainingTexts, boolean lowerCase) {
    if (saved != null && (args.pretrainedModelNameOrPath() != null || args.tokenizerPath() == null)) {
      return new ChosenTokenizer(saved.tokenizerFiles(), null);
    }
    if (args.tokenizerPath() == null) {
      throw new IllegalArgumentException("give --tokenizer_path: a model built from a conf needs a tokenizer");
    }
    Path dir = TokenizerSetup.findOrTrain(args.tokenizerPath(), args.vocabSize(), lowerCase, trainingTexts);
    return new ChosenTokenizer(TokenizerFiles.read(dir), dir);
  }

  /** The network for {@code tokenizer}: fresh, or holding the saved weights (vocabulary changed if needed). */
  public Transducer build(TransducerConfig config, TokenizerFiles tokenizer, long seed) {
    List<String> vocabulary = tokenizer.tokenizer().pieces();
    Transducer model = Transducers.build(config, vocabulary.size(), seed);
    if (saved == null) {
      return model;
    }
    List<String> savedVocabulary = saved.tokenizer().pieces();
    try {
      VocabularyChange.Transfer t =
          VocabularyChange.apply(model, ModelLoading.tensors(saved.weights()), savedVocabulary, vocabulary);
      LOG.info(t.identical()
          ? "loaded the weights of " + saved.location().path() + " (same vocabulary of " + vocabulary.size() + " pieces)"
          : "loaded the weights of " + saved.location().path() + " with a new vocabulary");
    } catch (IllegalArgumentException e) {
      throw new FormatException(
          saved.location().path().toString(), "the weights do not fit the model its config describes: " + e.getMessage(), e);
    }
    return model;
  }
}
