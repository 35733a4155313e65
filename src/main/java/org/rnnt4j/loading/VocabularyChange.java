package org.rnnt4j.loading;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;
import org.rnnt4j.engine.Tensor;
import org.rnnt4j.model.Transducer;
import org.rnnt4j.util.Checks;

/**
 * Puts a pretrained transducer's weights into a model built for another tokenizer, as NeMo's {@code
 * change_vocabulary} is used for fine-tuning, with two fixes. The vocabulary-sized tensors (the
 * prediction network's embedding (V, H) and the joint's output layer (V, J) and bias (V)) are
 * resized; every other tensor is loaded as it is (NeMo rebuilds the whole decoder and joint; keeping
 * the LSTM and the joint's projections keeps what they learnt about the acoustics).
 *
 * <ul>
 *   <li>Only an identical vocabulary (the same pieces in the same order) keeps the heads as they are.
 *       A different tokenizer of the same size is a vocabulary change: reusing its rows would give
 *       each id the embedding and output weights of an unrelated piece (the Python recipe's path to a
 *       WER of 1.0 and a flat loss, reported upstream as NVIDIA/NeMo issue 15778).
 *   <li>The rows of pieces present in both vocabularies are copied to their new ids, the blank's row
 *       (the last one in both) too; the others keep the fresh initialisation of the new model. The
 *       log says how many were transferred.
 * </ul>
 *
 * Legend: V old vocabulary, V' new vocabulary (both including the blank, the last row: the tokenizers
 * have V-1 and V'-1 pieces), H prediction hidden, J joint hidden.
 */
public final class VocabularyChange {
  private static final Logger LOG = Logger.getLogger(VocabularyChange.class.getName());
  /** NeMo's key of the prediction network's embedding, (V, H). */
  static final String EMBEDDING = "decoder.prediction.embed.weight";
  /** NeMo's prefix of the joint's output layer ({@code joint_net.1} or {@code .2}): (V, J) and (V). */
  static final String JOINT_OUTPUT = "joint.joint_net.";

  /**
   * What happened to the vocabulary-sized tensors.
   *
   * @param identical the vocabularies are equal: every tensor was loaded as it is
   * @param transferred pieces of the new vocabulary whose rows came from the checkpoint (the blank not
   *     counted)
   * @param fresh pieces of the new vocabulary initialised fresh
   */
  public record Transfer(boolean identical, int transferred, int fresh) {}

  private VocabularyChange() {}

  /**
   * Loads {@code pretrained} into {@code model}, built for {@code newVocabulary} with freshly
   * initialised weights, transferring the rows of shared pieces.
   *
   * @param pretrained the checkpoint's state dict (CPU tensors)
   * @param oldVocabulary the checkpoint's pieces in id order
   * @param newVocabulary the pieces {@code model} was built for
   * @throws IllegalArgumentException listing the keys that do not fit (strict loading)
   */
  public static Transfer apply(
      Transducer model, Map<String, Tensor> pretrained, List<String> oldVocabulary, List<String> newVocabulary) {
    Checks.argument(
        model.vocabSize() == newVocabulary.size(),
        "the model was built for %s pieces, the new vocabulary has %s",
        model.vocabSize(),
        newVocabulary.size());
    if (oldVocabulary.equals(newVocabulary)) {
      model.loadStateDict(pretrained, true);
      return new Transfer(true, newVocabulary.size(), 0);
    }
    Map<String, Integer> oldIds = new HashMap<>();
    for (int i = 0; i < oldVocabulary.size(); i++) {
      oldIds.putIfAbsent(oldVocabulary.get(i), i);
    }
    int[] source = new int[newVocabulary.size() + 1]; // new id -> old id, or -1
    int transferred = 0;
    for (int i = 0; i < newVocabulary.size(); i++) {
      source[i] = oldIds.getOrDefault(newVocabulary.get(i), -1);
      transferred += source[i] >= 0 ? 1 : 0;
    }
    source[newVocabulary.size()] = oldVocabulary.size(); // the blank is last in both
    Map<String, Tensor> fresh = model.stateDict();
    Map<String, Tensor> merged = new LinkedHashMap<>(pretrained);
    for (String key : fresh.keySet()) {
      if (key.equals(EMBEDDING) || key.startsWith(JOINT_OUTPUT)) {
        Tensor old = pretrained.get(key);
        if (old != null) {
          merged.put(key, copyRows(old, fresh.get(key), source, oldVocabulary.size() + 1, key));
        }
      }
    }
    model.loadStateDict(merged, true);
    Transfer t = new Transfer(false, transferred, newVocabulary.size() - transferred);
    LOG.info(String.format(
        "vocabulary change: %d of the new tokenizer's %d pieces are in the checkpoint's vocabulary of %d;"
            + " their decoder embedding and joint output rows (and the blank's) were transferred, %d pieces"
            + " initialised fresh",
        t.transferred(), newVocabulary.size(), oldVocabulary.size(), t.fresh()));
    return t;
  }

  /**
   * @param old (V, ...) the checkpoint's tensor
   * @param fresh (V', ...) the new model's initial values
   * @param source for each row of {@code fresh}, the row of {@code old} to copy, or -1
   * @return (V', ...) on the CPU
   */
  private static Tensor copyRows(Tensor old, Tensor fresh, int[] source, int oldRows, String key) {
    long[] oldShape = old.shape();
    long[] newShape = fresh.shape();
    Checks.argument(
        oldShape.length == newShape.length && oldShape.length >= 1 && oldShape[0] == oldRows && newShape[0] == source.length,
        "%s: checkpoint %s and model %s are not (vocabulary + blank, ...) tensors of the two vocabularies",
        key,
        old.shapeString(),
        fresh.shapeString());
    int width = 1;
    for (int d = 1; d < newShape.length; d++) {
      Checks.argument(oldShape[d] == newShape[d], "%s: checkpoint %s vs model %s", key, old.shapeString(), fresh.shapeString());
      width *= (int) newShape[d];
    }
    float[] from = old.toFloatArray();
    float[] to = fresh.to(org.rnnt4j.engine.Device.CPU).toFloatArray();
    for (int row = 0; row < source.length; row++) {
      if (source[row] >= 0) {
        System.arraycopy(from, source[row] * width, to, row * width, width);
      }
    }
    return Tensor.of(to, newShape);
  }
}
