package org.rnnt4j.loading;

import java.util.LinkedHashMap;
import java.util.Map;
import org.rnnt4j.checkpoint.SavedModel;
import org.rnnt4j.checkpoint.nemo.TorchCheckpoint;
import org.rnnt4j.engine.Arrays;
import org.rnnt4j.engine.Tensor;
import org.rnnt4j.model.Transducer;
import org.rnnt4j.model.TransducerConfig;
import org.rnnt4j.model.TransducerConfigBinder;
import org.rnnt4j.model.Transducers;
import org.rnnt4j.text.tokenizer.Tokenizer;
import org.rnnt4j.util.FormatException;

/**
 * Opens a model named on the command line ({@code M}: a {@code .nemo}, an rnnt4j model directory or a
 * Hub id in the local cache, see {@link org.rnnt4j.checkpoint.ModelLocation}), builds the network its
 * config describes and loads the weights strictly: every missing, unexpected or mis-shaped key is
 * listed in one error naming the file.
 */
public final class ModelLoading {
  private ModelLoading() {}

  /**
   * @param seed seeds SpecAugment's generator (the weights come from the file)
   */
  public static LoadedModel open(String spec, long seed) {
    SavedModel saved = SavedModel.read(ModelResolver.fromEnvironment().locate(spec));
    TransducerConfig config = TransducerConfigBinder.bind(saved.config());
    Tokenizer tokenizer = saved.tokenizer();
    Transducer model = Transducers.build(config, tokenizer.vocabSize(), seed);
    loadStrictly(model, saved.weights(), saved.location().path().toString());
    return new LoadedModel(saved, config, model, tokenizer);
  }

  /** The state dict as CPU tensors, in its order. */
  static Map<String, Tensor> tensors(TorchCheckpoint weights) {
    Map<String, Tensor> out = new LinkedHashMap<>();
    weights.stateDict().forEach((k, v) -> out.put(k, Arrays.toTensor(v)));
    return out;
  }

  /**
   * @throws FormatException naming {@code source} and listing the keys that do not fit
   */
  static void loadStrictly(Transducer model, TorchCheckpoint weights, String source) {
    loadStrictly(model, tensors(weights), source);
  }

  static void loadStrictly(Transducer model, Map<String, Tensor> weights, String source) {
    try {
      model.loadStateDict(weights, true);
    } catch (IllegalArgumentException e) {
      throw new FormatException(source, "the weights do not fit the model its config describes: " + e.getMessage(), e);
    }
  }
}
