package org.rnnt4j.decoding;

import java.util.List;
import org.rnnt4j.decoding.search.BatchedBeams;
import org.rnnt4j.decoding.search.BeamPredictions;
import org.rnnt4j.decoding.search.Scalars;
import org.rnnt4j.engine.DType;
import org.rnnt4j.engine.Device;
import org.rnnt4j.engine.NoGrad;
import org.rnnt4j.engine.Tensor;
import org.rnnt4j.engine.TensorScope;
import org.rnnt4j.engine.TopK;
import org.rnnt4j.model.Transducer;
import org.rnnt4j.model.encoder.Encoded;
import org.rnnt4j.util.Checks;

/**
 * NeMo's {@code malsd_batch} ({@code ModifiedALSDBatchedRNNTComputer}, torch path): alignment-length
 * synchronous beam search over the whole batch at once. Every step extends each of the K beams of every
 * utterance by its K best classes (blank included) on the beam's own frame, keeps the K best of those K
 * x K candidates per utterance, merges beams with equal transcripts, and advances the prediction network
 * of every beam in one step (R = B x K rows), keeping the old output where the label was a blank. A beam
 * that emitted {@code max_symbols} tokens on a frame must take the blank; a beam past its last frame
 * keeps its score. Legend: B batch, K beam, T frames, J joint hidden, V vocabulary including the blank (id V-1).
 *
 * <p>Per step everything stays on the device; one boolean comes back (whether any beam is still
 * active). The transcripts come back once, at the end.
 */
public final class MalsdBatchSearch implements TransducerDecoder {
  private final MalsdBatchOptions options;

  public MalsdBatchSearch(MalsdBatchOptions options) {
    this.options = Checks.notNull(options, "options");
  }

  @Override
  public List<Hypotheses> decode(Transducer model, Encoded encoded) {
    int beam = options.beam().beamSize();
    Checks.argument(
        encoded.values().dim() == 3, "encoder output must be (B, H_enc, T), got %s", encoded.values().shapeString());
    Checks.argument(beam <= model.vocabSize() + 1, "beam_size %s exceeds the %s classes", beam, model.vocabSize() + 1);
    try (NoGrad ignored = new NoGrad();
        TensorScope scope = new TensorScope()) {
      return Hypotheses.ofAll(search(model, encoded, scope), options.beam().returnBestHypothesis());
    }
  }

  private List<List<org.rnnt4j.decoding.search.SearchHypothesis>> search(Transducer model, Encoded encoded, TensorScope scope) {
    int batch = (int) encoded.values().size(0);
    long frames = encoded.values().size(2);
    int beam = options.beam().beamSize();
    int classes = model.vocabSize() + 1;
    Device device = encoded.values().device();
    Scalars c = new Scalars(device, model.blank());
    Tensor encProjected = model.projectEncoder(encoded.values().transpose(1, 2)); // (B, T, J)
    Tensor flatFrames = encProjected.reshape(batch * frames, -1); // (B*T, J)
    Tensor lastFrame = encoded.lengths().to(device).sub(c.one).view(batch, 1).expand(batch, beam); // (B, K)
    Tensor utteranceRows = Tensor.arange(batch).to(device).view(batch, 1); // (B, 1)
    Tensor frameOffsets = utteranceRows.mul(Scalars.integer(frames, device)); // (B, 1)
    Tensor beamOffsets = utteranceRows.mul(Scalars.integer(beam, device)); // (B, 1)
    Tensor candidateBeams = Tensor.arange(beam).to(device).view(1, beam, 1).expand(batch, beam, beam).reshape(batch, beam * beam);
    BatchedBeams beams = new BatchedBeams(batch, beam, model.blank(), false, device, c, scope);
    BeamPredictions predictions = new BeamPredictions(model, batch * beam, device);
    Tensor readFrames = Tensor.zeros(DType.INT64, batch, beam).to(device); // (B, K), always a valid frame
    Tensor active = lastFrame.ge(0); // (B, K) bool, carried in place
    boolean any = Scalars.any(active);
    while (any) {
      try (TensorScope step = new TensorScope()) {
        Tensor f = flatFrames.indexSelect(0, frameOffsets.add(readFrames).view(-1)); // (R, J)
        Tensor logProbs = model.joinProjected(f, predictions.projected()).logSoftmax(-1).view(batch, beam, classes);
        TopK top = logProbs.topk(beam, 2); // (B, K, K)
        Tensor scores = beams.scores();
        Tensor candidates = scores.unsqueeze(2).add(top.values()).where(active.unsqueeze(2), c.negInf); // (B, K, K)
        Tensor first = candidates.select(2, 0).where(active, scores); // finished beams keep their score
        Tensor labels = top.indices().where(active.unsqueeze(2), c.minusOne);
        Tensor force = beams.frameTokens().ge((double) options.maxSymbols()).logicalAnd(active);
        candidates = c.negInf.where(force.unsqueeze(2), candidates);
        first = scores.add(logProbs.select(2, model.blank())).where(force, first);
        candidates = beam == 1 ? first.unsqueeze(2) : Tensor.cat(List.of(first.unsqueeze(2), candidates.narrow(2, 1, beam - 1)), 2);
        labels = c.blank.where(force.unsqueeze(2), labels);
        TopK next = candidates.reshape(batch, beam * beam).topk(beam, 1); // (B, K)
        Tensor sources = candidateBeams.gather(1, next.indices());
        Tensor nextLabels = labels.reshape(batch, beam * beam).gather(1, next.indices());
        beams.add(sources, nextLabels, next.values());
        beams.recombine();
        Tensor input = nextLabels.where(nextLabels.ge(0), c.blank); // (B, K)
        predictions.advance(sources.add(beamOffsets).view(-1), input.view(-1), input.eq(model.blank()).view(-1));
        Tensor nextFrames = beams.nextFrames();
        readFrames.copyFrom(nextFrames.minimum(lastFrame).maximum(c.zero));
        active.copyFrom(lastFrame.ge(nextFrames));
        any = Scalars.any(active);
      }
    }
    return beams.nBest(options.beam().scoreNorm());
  }
}
