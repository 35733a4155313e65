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
 * from one request run as one batch (a chunk). Entries point into their chunk; requests that read whole
 * runs of a chunk's rows (a search's next step reads the hypotheses it has just scored, in order) cost
 * one view per run, not one per row. Entries live until the owner scope given at construction closes
 * (the utterance's), as NeMo keeps its cache for the utterance.
 *
 * <p>Per request with missing sequences: one host-to-device copy of their last tokens (R int64) and one
 * prediction step on R rows; nothing comes back to the host. Legend: R rows, J joint hidden.
 */
public final class PredictionCache {
  /** One batch of predictions: projected outputs (R, J) and the states after them (R rows). */
  private record Chunk(Tensor projected, DecoderState state) {}

  /** A sequence's projected prediction output and the state after it: row {@code row} of a chunk. */
  public static final class Prediction {
    private final Chunk chunk;
    private final int row;

    private Prediction(Chunk chunk, int row) {
      this.chunk = chunk;
      this.row = row;
    }

    /** (1, J), a view made on each call. */
    public Tensor projected() {
      return chunk.projected().narrow(0, row, 1);
    }
  }

  private final Transducer model;
  private final Device device;
  private final TensorScope owner;
  private final Map<TokenSequence, Prediction> entries = new HashMap<>();
  private Tensor rowIndices; // (capacity) int64 on the device: runs of rows are views of it

  /**
   * Computes the start entry (the empty sequence: blank input, zero state).
   *
   * @param owner the scope that owns every entry; it must outlive this cache
   */
  public PredictionCache(Transducer model, Device device, TensorScope owner) {
    this.model = model;
    this.device = device;
    this.owner = owner;
    growRowIndices(64);
    try (TensorScope scope = new TensorScope()) {
      Tensor blank = Tensor.ofLongs(new long[] {model.blank()}, 1).to(device);
      store(List.of(TokenSequence.empty()), model.predictStep(blank, null));
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
    List<Tensor> parts = new ArrayList<>();
    forEachRun(predictions, (chunk, first, count) -> parts.add(
        first == 0 && count == chunk.projected().size(0) ? chunk.projected() : chunk.projected().narrow(0, first, count)));
    return parts.size() == 1 ? parts.get(0) : Tensor.cat(parts, 0);
  }

  private void compute(List<TokenSequence> missing) {
    int rows = missing.size();
    long[] tokens = new long[rows];
    List<Prediction> parents = new ArrayList<>(rows);
    for (int r = 0; r < rows; r++) {
      TokenSequence s = missing.get(r);
      Prediction parent = entries.get(s.prefix(s.length() - 1));
      if (parent == null) {
        throw new IllegalStateException("prefix of " + s + " was never scored");
      }
      tokens[r] = s.last();
      parents.add(parent);
    }
    try (TensorScope scope = new TensorScope()) {
      Tensor ids = Tensor.ofLongs(tokens, rows).to(device);
      store(missing, model.predictStep(ids, states(parents)));
    }
  }

  /** The states of {@code predictions}, in order: one row selection per run of a chunk's rows. */
  private DecoderState states(List<Prediction> predictions) {
    List<DecoderState> parts = new ArrayList<>();
    forEachRun(predictions, (chunk, first, count) -> {
      if (first == 0 && count == chunk.state().rows()) {
        parts.add(chunk.state());
      } else {
        if (first + count > rowIndices.size(0)) {
          growRowIndices((int) Math.max(first + count, 2 * rowIndices.size(0)));
        }
        parts.add(chunk.state().select(rowIndices.narrow(0, first, count)));
      }
    });
    return parts.size() == 1 ? parts.get(0) : DecoderState.cat(parts);
  }

  /** Stores a step's rows as one chunk owned by the owner scope. */
  private void store(List<TokenSequence> sequences, Predictor.Step step) {
    Tensor projected = owner.adopt(model.projectPrediction(step.values()).squeeze(1)); // (R, J)
    Chunk chunk = new Chunk(projected, step.state().keepIn(owner));
    for (int r = 0; r < sequences.size(); r++) {
      entries.put(sequences.get(r), new Prediction(chunk, r));
    }
  }

  private void growRowIndices(int capacity) {
    rowIndices = owner.adopt(Tensor.arange(capacity).to(device));
  }

  @FunctionalInterface
  private interface RunConsumer {
    void accept(Chunk chunk, int first, int count);
  }

  /** Calls {@code consumer} for each maximal run of consecutive rows of one chunk, in order. */
  private static void forEachRun(List<Prediction> predictions, RunConsumer consumer) {
    int i = 0;
    while (i < predictions.size()) {
      Prediction start = predictions.get(i);
      int j = i + 1;
      while (j < predictions.size()
          && predictions.get(j).chunk == start.chunk
          && predictions.get(j).row == start.row + (j - i)) {
        j++;
      }
      consumer.accept(start.chunk, start.row, j - i);
      i = j;
    }
  }
}
