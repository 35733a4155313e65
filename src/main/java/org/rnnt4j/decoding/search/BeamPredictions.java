package org.rnnt4j.decoding.search;

import org.rnnt4j.engine.Device;
import org.rnnt4j.engine.Tensor;
import org.rnnt4j.model.Transducer;
import org.rnnt4j.model.decoder.DecoderState;
import org.rnnt4j.model.decoder.Predictor;

/**
 * The prediction network's projected output and state for every beam of a batched search (R = B x K
 * rows), carried in two buffers updated in place, as NeMo's batched computers carry {@code
 * decoder_output} and {@code decoder_state}. Legend: B batch, K beam, R = B x K, J joint hidden.
 */
public final class BeamPredictions {
  private final Transducer model;
  private final Tensor projected; // (R, J)
  private final DecoderState state; // R rows

  /** Every beam starts from the blank (start) input and the zero state. */
  public BeamPredictions(Transducer model, int rows, Device device) {
    this.model = model;
    Tensor blanks = Tensor.full(model.blank(), org.rnnt4j.engine.DType.INT64, rows).to(device); // (R)
    Predictor.Step step = model.predictStep(blanks, null);
    projected = model.projectPrediction(step.values()).squeeze(1); // (R, J)
    state = step.state();
  }

  /** (R, J), valid until the next {@link #advance}. */
  public Tensor projected() {
    return projected;
  }

  /**
   * Each beam takes the prediction of its source beam and, unless {@code preserve}, advances it by its
   * label (NeMo: gather by {@code hyps_indices}, one prediction step for all rows, keep the gathered one
   * where the label is the blank).
   *
   * @param sources (R) int64 flat source rows
   * @param labels (R) int64, the blank where preserved
   * @param preserve (R) bool
   */
  public void advance(Tensor sources, Tensor labels, Tensor preserve) {
    Tensor previous = projected.indexSelect(0, sources); // (R, J)
    DecoderState previousState = state.select(sources);
    Predictor.Step step = model.predictStep(labels, previousState);
    Tensor next = model.projectPrediction(step.values()).squeeze(1); // (R, J)
    projected.copyFrom(previous.where(preserve.view(-1, 1), next));
    state.copyFrom(previousState.where(preserve, step.state()));
  }
}
