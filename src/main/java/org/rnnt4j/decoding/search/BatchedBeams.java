package org.rnnt4j.decoding.search;

import java.util.ArrayList;
import java.util.List;
import org.rnnt4j.engine.DType;
import org.rnnt4j.engine.Device;
import org.rnnt4j.engine.Tensor;
import org.rnnt4j.engine.TensorScope;

/**
 * The beams of a batched search on the device, NeMo's {@code BatchedBeamHyps} for RNN-T: per beam its
 * score, token count, last token, transcript hash (and its prefix's), next frame and tokens on the
 * current frame, in buffers updated in place; per step the label, source beam and frame of every beam,
 * kept until the end, when one copy of them comes back and the transcripts are traced on the host.
 * Transcripts are compared by NeMo's 64-bit rolling hash ({@code hash * 6364136223846793005 + 1 +
 * label}, wrapping). Inactive (finished or unused) beams have score -inf. Legend: B batch, K beam, E
 * candidates per beam.
 */
public final class BatchedBeams {
  private static final long MULTIPLIER = 6364136223846793005L;

  private final int batch;
  private final int beam;
  private final int blankId;
  private final TensorScope owner;
  private final Scalars c;
  private final Tensor multiplier;
  private final Tensor beamIds; // (K)
  private final Tensor noPrefix; // -2: the prefix hash of a beam without tokens
  private Tensor candidateIds; // (K x E), made at the first removeDuplicates
  private final Tensor scores; // (B, K) float32
  private final Tensor tokenCounts; // (B, K): NeMo's current_lengths_nb
  private final Tensor lastLabels; // (B, K), -1 before the first token
  private final Tensor hashes; // (B, K)
  private final Tensor prefixHashes; // (B, K), or null when not stored
  private final Tensor nextFrames; // (B, K): NeMo's next_timestamp
  private final Tensor frameTokens; // (B, K): NeMo's last_timestamp_lasts
  private final List<Tensor> stepLabels = new ArrayList<>();
  private final List<Tensor> stepSources = new ArrayList<>();
  private final List<Tensor> stepFrames = new ArrayList<>();

  /**
   * Beam 0 of every utterance starts with score 0, the others with -inf.
   *
   * @param owner the decode's scope: it owns the buffers and every step's record
   */
  public BatchedBeams(int batch, int beam, int blankId, boolean storePrefixHashes, Device device, Scalars scalars, TensorScope owner) {
    this.batch = batch;
    this.beam = beam;
    this.blankId = blankId;
    this.owner = owner;
    this.c = scalars;
    multiplier = Scalars.integer(MULTIPLIER, device);
    beamIds = Tensor.arange(beam).to(device);
    noPrefix = Scalars.integer(-2, device);
    float[] init = new float[batch * beam];
    for (int i = 0; i < init.length; i++) {
      init[i] = i % beam == 0 ? 0f : Float.NEGATIVE_INFINITY;
    }
    scores = Tensor.of(init, batch, beam).to(device);
    tokenCounts = Tensor.zeros(DType.INT64, batch, beam).to(device);
    lastLabels = Tensor.full(-1, DType.INT64, batch, beam).to(device);
    hashes = Tensor.zeros(DType.INT64, batch, beam).to(device);
    prefixHashes = storePrefixHashes ? Tensor.zeros(DType.INT64, batch, beam).to(device) : null;
    nextFrames = Tensor.zeros(DType.INT64, batch, beam).to(device);
    frameTokens = Tensor.zeros(DType.INT64, batch, beam).to(device);
  }

  /** (B, K) float32, valid until the next update. */
  public Tensor scores() {
    return scores;
  }

  /** (B, K): the frame each beam reads next. */
  public Tensor nextFrames() {
    return nextFrames;
  }

  /** (B, K): tokens each beam emitted on its current frame. */
  public Tensor frameTokens() {
    return frameTokens;
  }

  /**
   * NeMo's {@code add_results_}: beam k becomes beam {@code sources[k]} extended by {@code labels[k]}
   * (the blank moves to the next frame; -1 leaves it as it was) with score {@code newScores[k]}.
   *
   * @param sources (B, K) int64 beam indices
   * @param labels (B, K) int64
   * @param newScores (B, K) float32
   */
  public void add(Tensor sources, Tensor labels, Tensor newScores) {
    Tensor last = lastLabels.gather(1, sources);
    Tensor isBlank = labels.eq(blankId);
    Tensor isLabel = labels.ge(0).logicalAnd(isBlank.logicalNot());
    Tensor blankStep = isBlank.to(DType.INT64);
    Tensor labelStep = isLabel.to(DType.INT64);
    Tensor frames = nextFrames.gather(1, sources).add(blankStep);
    record(labels, sources, frames);
    frameTokens.copyFrom(c.zero.where(isBlank, frameTokens.gather(1, sources).add(labelStep)));
    nextFrames.copyFrom(frames);
    tokenCounts.copyFrom(tokenCounts.gather(1, sources).add(labelStep));
    scores.copyFrom(newScores);
    Tensor previous = hashes.gather(1, sources);
    if (prefixHashes != null) {
      prefixHashes.copyFrom(previous.where(isLabel, prefixHashes.gather(1, sources)));
    }
    hashes.copyFrom(previous.mul(multiplier).add(c.one).add(labels).where(isLabel, previous));
    lastLabels.copyFrom(labels.where(isLabel, last));
  }

  /** NeMo's {@code recombine_hyps_}: beams with equal transcripts merge (log-add) into the best of them. */
  public void recombine() {
    if (beam <= 1) {
      return;
    }
    Tensor equal =
        pairwise(hashes).logicalAnd(pairwise(lastLabels)).logicalAnd(pairwise(tokenCounts)); // (B, K, K)
    Tensor matrix = scores.unsqueeze(1).expand(batch, beam, beam).where(equal, c.negInf); // (B, K, K)
    Tensor keep = beamIds.view(1, beam).eq(matrix.argmax(2, false)); // (B, K)
    scores.copyFrom(matrix.logsumexp(2, false).where(keep, c.negInf));
  }

  /**
   * NeMo's {@code remove_duplicates}: a token extension whose transcript is already a live beam's, or
   * another extension's with a higher score, is dropped (-inf).
   *
   * @param labels (B, K, E) candidate labels
   * @param total (B, K, E) candidate scores
   * @return (B, K, E)
   */
  public Tensor removeDuplicates(Tensor labels, Tensor total) {
    if (beam <= 1) {
      return total;
    }
    int width = (int) (beam * labels.size(2));
    Tensor nonBlank = labels.eq(blankId).logicalNot();
    Tensor own = hashes.unsqueeze(2); // (B, K, 1)
    Tensor extended = own.mul(multiplier).add(c.one).add(labels).where(nonBlank, own).reshape(batch, width); // (B, KE)
    Tensor liveHashes = hashes.where(scores.eq(Double.NEGATIVE_INFINITY).logicalNot(), c.minusOne); // (B, K)
    Tensor isLive =
        extended.unsqueeze(2).eq(liveHashes.unsqueeze(1)).to(DType.INT64).sum(2, false).gt(0)
            .logicalAnd(nonBlank.reshape(batch, width)); // (B, KE)
    Tensor equal = extended.unsqueeze(2).eq(extended.unsqueeze(1)); // (B, KE, KE)
    Tensor candidates = total.reshape(batch, width).maskedFill(isLive, Double.NEGATIVE_INFINITY);
    Tensor matrix = candidates.unsqueeze(1).expand(batch, width, width).where(equal, c.negInf);
    Tensor best = matrix.maxValues(2, false); // (B, KE)
    if (candidateIds == null || candidateIds.size(0) != width) {
      candidateIds = owner.adopt(Tensor.arange(width).to(total.device()));
    }
    Tensor keep = candidateIds.view(1, width).eq(matrix.argmax(2, false));
    return best.where(keep, c.negInf).view(batch, beam, -1);
  }

  /**
   * NeMo's {@code recombine_prefixes} (maes_batch): an active beam whose transcript extends another
   * beam's by one token log-adds that beam's score plus the token's log-probability under it.
   *
   * @param labelLogProbs (B, K, V)
   * @param active (B, K) bool
   */
  public void recombinePrefixes(Tensor labelLogProbs, Tensor active) {
    if (beam <= 1 || stepLabels.isEmpty()) {
      return;
    }
    Tensor prefix = noPrefix.where(tokenCounts.eq(0), prefixHashes); // (B, K)
    Tensor isPrefix = hashes.unsqueeze(1).eq(prefix.unsqueeze(2)); // (B, K_i, K_j): j is i's prefix
    Tensor last = c.blank.where(lastLabels.eq(-1), lastLabels); // (B, K)
    Tensor picked = labelLogProbs.gather(2, last.unsqueeze(1).expand(batch, beam, beam)); // [b,i,j] = lp[b,i,last_j]
    Tensor paths = scores.unsqueeze(1).expand(batch, beam, beam).add(picked.transpose(1, 2)); // [b,i,j]
    Tensor merged = paths.where(isPrefix, c.negInf).logsumexp(2, false); // (B, K)
    Tensor update = active.logicalAnd(scores.eq(Double.NEGATIVE_INFINITY).logicalNot());
    scores.copyFrom(scores.logaddexp(merged).where(update, scores));
  }

  /**
   * NeMo's {@code to_nbest_hyps_list}: per utterance, the live beams best first (by score, or by score /
   * (tokens + 1) with {@code scoreNorm}), their transcripts traced back through the steps. One copy of
   * the scores, counts and step records.
   */
  public List<List<SearchHypothesis>> nBest(boolean scoreNorm) {
    float[] s = scores.toFloatArray();
    long[] counts = tokenCounts.toLongArray();
    int steps = stepLabels.size();
    long[] labels = steps == 0 ? new long[0] : Tensor.stack(stepLabels, 0).toLongArray(); // (L, B, K)
    long[] sources = steps == 0 ? new long[0] : Tensor.stack(stepSources, 0).toLongArray();
    long[] frames = steps == 0 ? new long[0] : Tensor.stack(stepFrames, 0).toLongArray();
    List<List<SearchHypothesis>> out = new ArrayList<>();
    for (int b = 0; b < batch; b++) {
      List<Integer> order = new ArrayList<>();
      float[] key = new float[beam];
      for (int k = 0; k < beam; k++) {
        int i = b * beam + k;
        key[k] = scoreNorm ? s[i] / (float) (counts[i] + 1) : s[i];
        order.add(k);
      }
      order.sort((x, y) -> Float.compare(key[y], key[x]));
      List<SearchHypothesis> ranked = new ArrayList<>();
      for (int k : order) {
        float score = s[b * beam + k];
        if (score == Float.NEGATIVE_INFINITY) {
          continue;
        }
        List<Integer> tokens = new ArrayList<>();
        List<Integer> stamps = new ArrayList<>();
        int p = k;
        for (int step = steps - 1; step >= 0; step--) {
          int i = (step * batch + b) * beam + p;
          if (labels[i] >= 0 && labels[i] != blankId) {
            tokens.add(0, (int) labels[i]);
            stamps.add(0, (int) frames[i]);
          }
          p = (int) sources[i];
        }
        TokenSequence seq = TokenSequence.empty();
        for (int t : tokens) {
          seq = seq.append(t);
        }
        ranked.add(new SearchHypothesis(seq, stamps.stream().mapToInt(Integer::intValue).toArray(), score));
      }
      out.add(ranked);
    }
    return out;
  }

  private void record(Tensor labels, Tensor sources, Tensor frames) {
    stepLabels.add(owner.adopt(labels));
    stepSources.add(owner.adopt(sources));
    stepFrames.add(owner.adopt(frames));
  }

  private Tensor pairwise(Tensor x) {
    return x.unsqueeze(2).eq(x.unsqueeze(1)); // (B, K, K)
  }
}
