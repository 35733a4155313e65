package org.rnnt4j.decoding.search;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.rnnt4j.engine.Device;
import org.rnnt4j.engine.Tensor;
import org.rnnt4j.engine.TensorScope;
import org.rnnt4j.model.Transducer;
import org.rnnt4j.model.decoder.DecoderState;
import org.rnnt4j.model.decoder.Predictor;

/**
 * The prediction network's output for every token sequence a per-utterance search has scored, NeMo's
 * {@code cache} of {@code score_hypothesis} / {@code batch_score_hypothesis}: the output depends only on
 * the sequence, so each is computed once, from its parent sequence's state, and the sequences missing
 * from one request run as one batch. Entries live until the owner scope given at construction closes
 * (the utterance's), as NeMo keeps its cache for the utterance.
 *
 * <p>Per request with missing sequences: one host-to-device copy of their last tokens (R int64), one
 * prediction step on R rows; nothing comes back to the host. Legend: R rows, J joint hidden.
 */
public final class PredictionCache {
  /** The projected prediction output (1, J) for a sequence, and the state after it (1 row). */
  public record Prediction(Tensor projected, DecoderState state) {}

  private final Transducer model;
  private final Device device;
  private final TensorScope owner;
  private final Map<TokenSequence, Prediction> entries = new HashMap<>();
  private Tensor rowIndices; // (capacity) int64 on the device, for single-row selects without a copy

  /**
   * Computes the start entry (the empty sequence: blank input, zero state).
   *
   * @param owner the scope that owns every entry; it must outlive this cache
   */
  public PredictionCache(Transducer model, Device device, TensorScope owner) {
    this.model = model;
    this.device = device;
    this.owner = owner;
    growRowIndices(16);
    try (TensorScope scope = new TensorScope()) {
      Tensor blank = Tensor.ofLongs(new long[] {model.blank()}, 1).to(device);
      Predictor.Step step = model.predictStep(blank, null);
      store(TokenSequence.empty(), step, project(step), 0);
    }
  }

  /** The entry of one sequence (computing it if needed). */
  public Prediction get(TokenSequence sequence) {
    return predict(List.of(sequence)).get(0);
  }

  /**
   * @param sequences sequences whose parents (all tokens but the last) are already cached
   * @return their entries, in order
   */
  public List<Prediction> predict(List<TokenSequence> sequences) {
    Map<TokenSequence, Integer> missing = new LinkedHashMap<>();
    for (TokenSequence s : sequences) {
      if (!entries.containsKey(s) && !missing.containsKey(s)) {
        missing.put(s, missing.size());
      }
    }
    if (!missing.isEmpty()) {
      compute(new ArrayList<>(missing.keySet()));
    }
    List<Prediction> out = new ArrayList<>(sequences.size());
    for (TokenSequence s : sequences) {
      out.add(entries.get(s));
    }
    return out;
  }

  /** The projected outputs of {@code predictions} stacked: (R, J). */
  public static Tensor stack(List<Prediction> predictions) {
    List<Tensor> rows = new ArrayList<>(predictions.size());
    for (Prediction p : predictions) {
      rows.add(p.projected());
    }
    return rows.size() == 1 ? rows.get(0) : Tensor.cat(rows, 0);
  }

  private void compute(List<TokenSequence> missing) {
    int rows = missing.size();
    long[] tokens = new long[rows];
    List<DecoderState> parents = new ArrayList<>(rows);
    for (int r = 0; r < rows; r++) {
      TokenSequence s = missing.get(r);
      Prediction parent = entries.get(s.prefix(s.length() - 1));
      if (parent == null) {
        throw new IllegalStateException("prefix of " + s + " was never scored");
      }
      tokens[r] = s.last();
      parents.add(parent.state());
    }
    if (rows > rowIndices.size(0)) {
      growRowIndices(Math.max(rows, 2 * (int) rowIndices.size(0)));
    }
    try (TensorScope scope = new TensorScope()) {
      Tensor ids = Tensor.ofLongs(tokens, rows).to(device);
      Predictor.Step step = model.predictStep(ids, DecoderState.cat(parents));
      Tensor projected = project(step);
      for (int r = 0; r < rows; r++) {
        store(missing.get(r), step, projected, r);
      }
    }
  }

  private Tensor project(Predictor.Step step) {
    return model.projectPrediction(step.values()).squeeze(1); // (R, J)
  }

  /** Stores row {@code r}: a (1, J) view of {@code projected} (R, J) and that row of the state. */
  private void store(TokenSequence sequence, Predictor.Step step, Tensor projected, int r) {
    Tensor row = projected.narrow(0, r, 1); // (1, J)
    DecoderState state = step.state().rows() == 1 ? step.state() : step.state().select(rowIndices.narrow(0, r, 1));
    owner.adopt(row);
    state.keepIn(owner);
    entries.put(sequence, new Prediction(row, state));
  }

  private void growRowIndices(int capacity) {
    rowIndices = owner.adopt(Tensor.arange(capacity).to(device));
  }
}
