package org.rnnt4j.cli;

import org.rnnt4j.decoding.DecodingParameters;
import org.rnnt4j.decoding.DecodingStrategy;
import picocli.CommandLine.Option;

/**
 * The decoding flags of {@code evaluate} and {@code transcribe}, under NeMo's names ({@code
 * decoding.strategy} and {@code decoding.beam.*}); a parameter left out takes NeMo's default. Parsed once
 * into {@link DecodingParameters}.
 */
final class DecodingFlags {
  private static final String BOOL = "0..1";

  @Option(names = "--decoding_strategy", defaultValue = "greedy_batch", converter = Converters.Decoding.class, description = "NeMo's strategies: greedy_batch, greedy (identical results), beam, tsd, alsd, maes, malsd_batch, maes_batch (default: ${DEFAULT-VALUE}).")
  DecodingStrategy strategy;

  @Option(names = "--beam_size", description = "Beam searches: hypotheses kept (NeMo's default 4); 1 runs NeMo's greedy search (at most 5 tokens per frame) for beam, tsd, alsd and maes.")
  Integer beamSize;

  @Option(names = "--score_norm", arity = BOOL, fallbackValue = "true", description = "Beam searches: rank by score / (tokens + 1) (NeMo's default true); the reported score is never normalised.")
  Boolean scoreNorm;

  @Option(names = "--return_best_hypothesis", arity = BOOL, fallbackValue = "true", description = "Beam searches: keep only the best hypothesis, so nbest holds one entry (default here: false, the n-best list is written).")
  Boolean returnBestHypothesis;

  @Option(names = "--tsd_max_sym_exp", description = "tsd: symbol expansions per frame (NeMo's default 10).")
  Integer tsdMaxSymExp;

  @Option(names = "--alsd_max_target_len", description = "alsd: the longest transcript, a multiple of the frames when written as a float (NeMo's default 1.0) or a number of tokens when an integer.")
  String alsdMaxTargetLen;

  @Option(names = "--maes_num_steps", description = "maes, maes_batch: expansion steps per frame (NeMo's default 2).")
  Integer maesNumSteps;

  @Option(names = "--maes_prefix_alpha", description = "maes: the largest length difference of a prefix merge (NeMo's default 1).")
  Integer maesPrefixAlpha;

  @Option(names = "--maes_expansion_beta", description = "maes, maes_batch: candidates per hypothesis beyond the beam (NeMo's default 2).")
  Integer maesExpansionBeta;

  @Option(names = "--maes_expansion_gamma", description = "maes, maes_batch: keep expansions within this log-probability of the best (NeMo's default 2.3).")
  Double maesExpansionGamma;

  @Option(names = "--nbest", arity = BOOL, fallbackValue = "true", description = "Write each hypothesis' n-best list (always written for the beam searches).")
  boolean nbest;

  DecodingParameters parameters() {
    // the commands write the n-best list of a beam search unless asked for the best hypothesis only
    Boolean bestOnly = returnBestHypothesis != null || !strategy.isBeamSearch() ? returnBestHypothesis : Boolean.FALSE;
    return new DecodingParameters(
        strategy, beamSize, scoreNorm, bestOnly, tsdMaxSymExp, alsdMaxTargetLen, maesNumSteps, maesPrefixAlpha,
        maesExpansionBeta, maesExpansionGamma);
  }
}
