package org.rnnt4j.decoding;

import java.util.List;
import org.rnnt4j.decoding.search.BatchedBeams;
import org.rnnt4j.decoding.search.BeamPredictions;
import org.rnnt4j.decoding.search.Scalars;
import org.rnnt4j.decoding.search.SearchHypothesis;
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
 * NeMo's {@code maes_batch} ({@code ModifiedAESBatchedRNNTComputer}, torch path): adaptive expansion
 * search over the whole batch, frame by frame. On each frame a beam first log-adds the path through the
 * beam that is its one-token-shorter prefix; then up to {@code maes_num_steps} steps take each beam's
 * {@code K + maes_expansion_beta} best classes within {@code maes_expansion_gamma} of its best, drop
 * duplicates of live transcripts, keep the K best per utterance and advance the prediction network of
 * every beam at once; beams that ended a step on a token take the blank at the end. Legend: B batch, K
 * beam, E = K + beta candidates per beam, J joint hidden, V vocabulary including the blank (id V-1).
 *
 * <p>Per expansion step everything stays on the device; one boolean comes back per step and per frame
 * (whether any beam still expands, whether any utterance has frames left). The transcripts come back
 * once, at the end.
 */
public final class MaesBatchSearch implements TransducerDecoder {
  private final MaesBatchOptions options;

  public MaesBatchSearch(MaesBatchOptions options) {
    this.options = Checks.notNull(options, "options");
  }

  @Override
  public List<Hypotheses> decode(Transducer model, Encoded encoded) {
    int candidates = options.beam().beamSize() + options.expansionBeta();
    Checks.argument(
        encoded.values().dim() == 3, "encoder output must be (B, H_enc, T), got %s", encoded.values().shapeString());
    Checks.argument(
        candidates <= model.vocabSize() + 1,
        "beam_size (%s) + maes_expansion_beta (%s) exceeds the %s classes",
        options.beam().beamSize(), options.expansionBeta(), model.vocabSize() + 1);
    try (NoGrad ignored = new NoGrad();
        TensorScope scope = new TensorScope()) {
      return Hypotheses.ofAll(search(model, encoded, scope), options.beam().returnBestHypothesis());
    }
  }

  private List<List<SearchHypothesis>> search(Transducer model, Encoded encoded, TensorScope scope) {
    int batch = (int) encoded.values().size(0);
    long frames = encoded.values().size(2);
    int beam = options.beam().beamSize();
    int width = beam + options.expansionBeta();
    int classes = model.vocabSize() + 1;
    Device device = encoded.values().device();
    Scalars c = new Scalars(device, model.blank());
    Tensor encProjected = model.projectEncoder(encoded.values().transpose(1, 2)); // (B, T, J)
    Tensor flatFrames = encProjected.reshape(batch * frames, -1); // (B*T, J)
    Tensor lastFrame = encoded.lengths().to(device).sub(c.one).view(batch, 1).expand(batch, beam); // (B, K)
    Tensor utteranceRows = Tensor.arange(batch).to(device).view(batch, 1); // (B, 1)
    Tensor frameOffsets = utteranceRows.mul(Scalars.integer(frames, device)); // (B, 1)
    Tensor beamOffsets = utteranceRows.mul(Scalars.integer(beam, device)); // (B, 1)
    Tensor ownBeams = Tensor.arange(beam).to(device).view(1, beam).expand(batch, beam); // (B, K)
    Tensor candidateBeams = Tensor.arange(beam).to(device).view(1, beam, 1).expand(batch, beam, width).reshape(batch, beam * width);
    BatchedBeams beams = new BatchedBeams(batch, beam, model.blank(), true, device, c, scope);
    BeamPredictions predictions = new BeamPredictions(model, batch * beam, device);
    Tensor frame = Tensor.zeros(DType.INT64, batch, beam).to(device); // (B, K), carried in place
    Tensor readFrames = Tensor.zeros(DType.INT64, batch, beam).to(device); // always a valid frame
    Tensor active = lastFrame.ge(0); // (B, K) bool, carried in place
    while (Scalars.any(active)) {
      try (TensorScope step = new TensorScope()) {
        Tensor toUpdate = active;
        Tensor offsets = frameOffsets.add(readFrames).view(-1); // (R)
        Tensor logProbs = logProbs(model, flatFrames, offsets, predictions, batch, beam, classes);
        beams.recombinePrefixes(logProbs, active);
        for (int n = 0; n < options.numSteps() && Scalars.any(toUpdate); n++) {
          TopK top = logProbs.topk(width, 2); // (B, K, E)
          Tensor scores = beams.scores();
          Tensor totals = scores.unsqueeze(2).add(top.values()); // (B, K, E)
          Tensor threshold = totals.maxValues(2, true).sub(options.expansionGamma()); // (B, K, 1)
          totals = totals.maskedFill(threshold.ge(totals), Double.NEGATIVE_INFINITY);
          Tensor labels = top.indices().where(toUpdate.unsqueeze(2), c.minusOne);
          totals = totals.where(toUpdate.unsqueeze(2), c.negInf);
          totals = beams.removeDuplicates(labels, totals);
          Tensor lastColumn = totals.select(2, width - 1).where(toUpdate, scores); // idle beams stay as they are
          totals = width == 1 ? lastColumn.unsqueeze(2) : Tensor.cat(List.of(totals.narrow(2, 0, width - 1), lastColumn.unsqueeze(2)), 2);
          TopK next = totals.reshape(batch, beam * width).topk(beam, 1); // (B, K)
          Tensor nextLabels = labels.reshape(batch, beam * width).gather(1, next.indices());
          Tensor sources = candidateBeams.gather(1, next.indices());
          beams.add(sources, nextLabels, next.values());
          Tensor input = nextLabels.where(nextLabels.ge(0), c.blank); // (B, K)
          Tensor isBlank = input.eq(model.blank());
          predictions.advance(sources.add(beamOffsets).view(-1), input.view(-1), isBlank.view(-1));
          logProbs = logProbs(model, flatFrames, offsets, predictions, batch, beam, classes);
          toUpdate = toUpdate.logicalAnd(isBlank.logicalNot());
        }
        if (Scalars.any(toUpdate)) {
          Tensor scores = beams.scores();
          Tensor withBlank = scores.add(logProbs.select(2, model.blank())).where(toUpdate, scores);
          beams.add(ownBeams, c.blank.where(toUpdate, c.minusOne), withBlank);
        }
        frame.copyFrom(frame.add(c.one));
        active.copyFrom(lastFrame.ge(frame));
        readFrames.copyFrom(frame.where(active, lastFrame).maximum(c.zero));
      }
    }
    return beams.nBest(options.beam().scoreNorm());
  }

  /** (B, K, V): every beam's log-probabilities on its frame. */
  private static Tensor logProbs(
      Transducer model, Tensor flatFrames, Tensor offsets, BeamPredictions predictions, int batch, int beam, int classes) {
    Tensor f = flatFrames.indexSelect(0, offsets); // (R, J)
    return model.joinProjected(f, predictions.projected()).logSoftmax(-1).view(batch, beam, classes);
  }
}
