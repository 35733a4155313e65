package org.rnnt4j.decoding;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.rnnt4j.engine.DType;
import org.rnnt4j.engine.NoGrad;
import org.rnnt4j.engine.Tensor;
import org.rnnt4j.engine.TensorScope;
import org.rnnt4j.engine.TopK;
import org.rnnt4j.model.Transducer;
import org.rnnt4j.model.decoder.DecoderState;
import org.rnnt4j.model.decoder.Predictor;
import org.rnnt4j.model.encoder.Encoded;
import org.rnnt4j.util.Checks;

/**
 * Batched greedy transducer decoding with NeMo's {@code greedy_batch} semantics: start from the blank
 * (zero) prediction input; at frame t take the arg-max of the joint; a blank moves to t+1, a token is
 * emitted (timestamp t) and advances the prediction network while staying on t, until {@code maxSymbols}
 * tokens were emitted on that frame. All utterances advance together; an utterance whose frame is
 * finished waits for the others. The score is the sum of the emitted tokens' log-probabilities.
 *
 * <p>Per step: the joint runs on the model's device. On a GPU its log-softmax and arg-max run there too
 * and one copy of 2B floats (each row's arg-max and its log-probability) comes back; nothing goes to the
 * device. On the CPU the (B, V) logits are read and reduced in Java ({@link #bestPerRow}). The
 * prediction state and output are carried in buffers updated in place, and each frame's temporaries are
 * freed when it ends. Legend: B batch, T encoder frames, H_enc encoder hidden, J joint hidden, V vocabulary
 * including the blank (the blank is id V-1).
 */
public final class GreedyBatchDecoder {
  private final int maxSymbols;

  public GreedyBatchDecoder(int maxSymbols) {
    Checks.argument(maxSymbols >= 1, "max_symbols must be >= 1, got %s", maxSymbols);
    this.maxSymbols = maxSymbols;
  }

  /**
   * @param model in eval mode
   * @param encoded (B, H_enc, T) with lengths
   * @return one hypothesis per utterance
   */
  public List<Hypothesis> decode(Transducer model, Encoded encoded) {
    Checks.argument(
        encoded.values().dim() == 3, "encoder output must be (B, H_enc, T), got %s", encoded.values().shapeString());
    try (NoGrad ignored = new NoGrad();
        TensorScope scope = new TensorScope()) {
      return run(model, encoded);
    }
  }

  private List<Hypothesis> run(Transducer model, Encoded encoded) {
    int batch = (int) encoded.values().size(0);
    long frames = encoded.values().size(2);
    long[] lengths = encoded.lengths().toLongArray();
    int blank = model.blank();
    Tensor encProjected = model.projectEncoder(encoded.values().transpose(1, 2)); // (B, T, J)
    Tensor deviceLengths = encoded.lengths().to(encProjected.device()); // (B)
    long[] start = new long[batch];
    Arrays.fill(start, blank);
    Predictor.Step first = model.predictStep(Tensor.ofLongs(start, batch).to(encProjected.device()), null);
    Tensor predProjected = model.projectPrediction(first.values()).squeeze(1); // (B, J), updated in place
    DecoderState state = first.state(); // updated in place
    List<List<Integer>> tokens = new ArrayList<>();
    List<List<Integer>> stamps = new ArrayList<>();
    double[] scores = new double[batch];
    for (int b = 0; b < batch; b++) {
      tokens.add(new ArrayList<>());
      stamps.add(new ArrayList<>());
    }
    for (int t = 0; t < frames; t++) {
      boolean[] frameDone = new boolean[batch];
      boolean allDone = true;
      for (int b = 0; b < batch; b++) {
        frameDone[b] = t >= lengths[b];
        allDone &= frameDone[b];
      }
      if (allDone) {
        break;
      }
      try (TensorScope frame = new TensorScope()) {
        Tensor f = encProjected.select(1, t); // (B, J)
        Tensor open = deviceLengths.gt(t); // (B) bool: utterances still on frame t
        for (int symbols = 0; symbols < maxSymbols; symbols++) {
          Tensor logits = model.joinProjected(f, predProjected); // (B, V)
          TopK onDevice = logits.device().isCuda() ? logits.logSoftmax(-1).topk(1, 1) : null; // (B, 1)
          float[] packed = onDevice != null ? packed(onDevice) : bestPerRow(logits); // (B, 2)
          boolean any = false;
          for (int b = 0; b < batch; b++) {
            int id = (int) packed[2 * b];
            if (frameDone[b]) {
              continue;
            }
            if (id == blank) {
              frameDone[b] = true;
            } else {
              any = true;
              tokens.get(b).add(id);
              stamps.get(b).add(t);
              scores[b] += packed[2 * b + 1];
            }
          }
          if (!any) {
            break;
          }
          Tensor ids = onDevice != null ? onDevice.indices().view(-1) : bestIds(packed); // (B)
          Tensor emit = open.logicalAnd(ids.eq((double) blank).logicalNot()); // (B) bool
          Predictor.Step next = model.predictStep(ids, state);
          Tensor nextProjected = model.projectPrediction(next.values()).squeeze(1); // (B, J)
          predProjected.copyFrom(nextProjected.where(emit.view(-1, 1), predProjected));
          state.copyFrom(next.state().where(emit, state));
          open = emit;
        }
      }
    }
    List<Hypothesis> out = new ArrayList<>();
    for (int b = 0; b < batch; b++) {
      out.add(
          new Hypothesis(
              tokens.get(b).stream().mapToInt(Integer::intValue).toArray(),
              stamps.get(b).stream().mapToInt(Integer::intValue).toArray(),
              scores[b]));
    }
    return out;
  }

  /**
   * Each row's arg-max and its log-probability, packed as (id, log-probability) pairs, computed in Java
   * from one copy of the logits: on the CPU the log-softmax, top-k, cast and concatenation that the
   * GPU path runs cost more than the copy (each small operation is a call into libtorch, and the
   * log-softmax wakes the whole thread team).
   *
   * @param logits (B, V) on the CPU
   * @return 2B floats
   */
  static float[] bestPerRow(Tensor logits) {
    float[] v = logits.toFloatArray();
    int rows = (int) logits.size(0);
    int vocab = (int) logits.size(1);
    float[] packed = new float[2 * rows];
    for (int b = 0; b < rows; b++) {
      int offset = b * vocab;
      int arg = 0;
      float max = v[offset];
      for (int k = 1; k < vocab; k++) {
        if (v[offset + k] > max) {
          max = v[offset + k];
          arg = k;
        }
      }
      double sum = 0;
      for (int k = 0; k < vocab; k++) {
        sum += Math.exp(v[offset + k] - max);
      }
      packed[2 * b] = arg;
      packed[2 * b + 1] = (float) -Math.log(sum); // x[arg] - logsumexp(x)
    }
    return packed;
  }

  /** The GPU path's (id, log-probability) pairs: one copy of 2B floats from the device. */
  private static float[] packed(TopK best) {
    return Tensor.cat(List.of(best.indices().to(DType.FLOAT32), best.values()), 1).toFloatArray(); // (B, 2)
  }

  /** The arg-max ids of {@link #bestPerRow}'s pairs, as a (B) int64 CPU tensor. */
  private static Tensor bestIds(float[] packed) {
    long[] ids = new long[packed.length / 2];
    for (int b = 0; b < ids.length; b++) {
      ids[b] = (long) packed[2 * b];
    }
    return Tensor.ofLongs(ids, ids.length);
  }
}
