package org.rnnt4j.decoding.search;

import java.util.ArrayList;
import java.util.List;
import org.rnnt4j.engine.NoGrad;
import org.rnnt4j.engine.Tensor;
import org.rnnt4j.engine.TensorScope;
import org.rnnt4j.model.Transducer;
import org.rnnt4j.model.encoder.Encoded;
import org.rnnt4j.util.Checks;

/**
 * Runs a per-utterance search over a batch as NeMo's {@code BeamRNNTInfer} does: each utterance alone,
 * on its own frames, with a fresh prediction cache. The encoder frames are projected once for the batch;
 * every utterance's tensors are freed when it is done, and what comes back is host data. Legend: B batch,
 * T frames, H_enc encoder hidden, J joint hidden.
 */
public final class PerUtterance {
  /** One utterance's search. */
  @FunctionalInterface
  public interface Search {
    /**
     * @param frames the utterance's projected encoder frames (T, J), on the model's device
     * @param length valid frames
     * @param cache the utterance's prediction cache, holding the start entry
     * @param scope the utterance's scope: tensors made in it live until the utterance is done
     * @return NeMo's ranked list of hypotheses
     */
    List<SearchHypothesis> run(Tensor frames, int length, PredictionCache cache, TensorScope scope);
  }

  private PerUtterance() {}

  /**
   * @param encoded (B, H_enc, T) with lengths (B)
   * @return one ranked list per utterance
   */
  public static List<List<SearchHypothesis>> run(Transducer model, Encoded encoded, Search search) {
    Checks.argument(
        encoded.values().dim() == 3, "encoder output must be (B, H_enc, T), got %s", encoded.values().shapeString());
    List<List<SearchHypothesis>> out = new ArrayList<>();
    try (NoGrad ignored = new NoGrad();
        TensorScope batch = new TensorScope()) {
      long frames = encoded.values().size(2);
      long[] lengths = encoded.lengths().toLongArray();
      Tensor projected = model.projectEncoder(encoded.values().transpose(1, 2)); // (B, T, J)
      for (int b = 0; b < lengths.length; b++) {
        Checks.argument(
            lengths[b] >= 0 && lengths[b] <= frames, "encoded length %s of utterance %s is outside 0..%s", lengths[b], b, frames);
        try (TensorScope utterance = new TensorScope()) {
          PredictionCache cache = new PredictionCache(model, projected.device(), utterance);
          out.add(search.run(projected.select(0, b), (int) lengths[b], cache, utterance));
        }
      }
    }
    return out;
  }
}
