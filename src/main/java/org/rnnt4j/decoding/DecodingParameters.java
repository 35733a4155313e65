package org.rnnt4j.decoding;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.rnnt4j.util.Checks;

/**
 * A strategy and the parameters a user named for it, under NeMo's names ({@code decoding.beam.*}), each
 * null where NeMo's default applies: what the commands' flags give before a model is known.
 * {@link #toOptions} binds them into the strategy's {@link DecodingOptions}. A parameter the strategy
 * does not read is refused (NeMo ignores it silently, which hides typos in scripts).
 *
 * @param beamSize {@code beam_size}
 * @param scoreNorm {@code score_norm}
 * @param returnBestHypothesis {@code return_best_hypothesis}
 * @param tsdMaxSymExp {@code tsd_max_sym_exp} (tsd)
 * @param alsdMaxTargetLen {@code alsd_max_target_len} (alsd) as written: a float ({@code 1.0}) is a
 *     multiple of the frames, an integer ({@code 50}) a fixed number of tokens, as NeMo reads its type
 * @param maesNumSteps {@code maes_num_steps} (maes, maes_batch)
 * @param maesPrefixAlpha {@code maes_prefix_alpha} (maes)
 * @param maesExpansionBeta {@code maes_expansion_beta} (maes, maes_batch)
 * @param maesExpansionGamma {@code maes_expansion_gamma} (maes, maes_batch)
 */
public record DecodingParameters(
    DecodingStrategy strategy,
    Integer beamSize,
    Boolean scoreNorm,
    Boolean returnBestHypothesis,
    Integer tsdMaxSymExp,
    String alsdMaxTargetLen,
    Integer maesNumSteps,
    Integer maesPrefixAlpha,
    Integer maesExpansionBeta,
    Double maesExpansionGamma) {

  public DecodingParameters {
    Checks.notNull(strategy, "decoding_strategy");
    List<String> unused = new ArrayList<>();
    boolean beam = strategy.isBeamSearch();
    unusedUnless(unused, beam, beamSize, "beam_size");
    unusedUnless(unused, beam, scoreNorm, "score_norm");
    unusedUnless(unused, beam, returnBestHypothesis, "return_best_hypothesis");
    unusedUnless(unused, strategy == DecodingStrategy.TSD, tsdMaxSymExp, "tsd_max_sym_exp");
    unusedUnless(unused, strategy == DecodingStrategy.ALSD, alsdMaxTargetLen, "alsd_max_target_len");
    boolean maes = strategy == DecodingStrategy.MAES || strategy == DecodingStrategy.MAES_BATCH;
    unusedUnless(unused, maes, maesNumSteps, "maes_num_steps");
    unusedUnless(unused, strategy == DecodingStrategy.MAES, maesPrefixAlpha, "maes_prefix_alpha");
    unusedUnless(unused, maes, maesExpansionBeta, "maes_expansion_beta");
    unusedUnless(unused, maes, maesExpansionGamma, "maes_expansion_gamma");
    Checks.argument(
        unused.isEmpty(), "decoding strategy %s does not use %s", strategy.nemoName(), String.join(", ", unused));
  }

  /** The strategy with every parameter at NeMo's default. */
  public static DecodingParameters of(DecodingStrategy strategy) {
    return new DecodingParameters(strategy, null, null, null, null, null, null, null, null, null);
  }

  /** A strategy and a beam size (ignored, and may be null, for the greedy strategies), as the recipe's final flags give them. */
  public static DecodingParameters of(DecodingStrategy strategy, Integer beamSize) {
    return new DecodingParameters(
        strategy, strategy.isBeamSearch() ? beamSize : null, null, null, null, null, null, null, null, null);
  }

  /**
   * @param greedyMaxSymbols the model config's {@code decoding.greedy.max_symbols}, for the greedy strategies
   */
  public DecodingOptions toOptions(int greedyMaxSymbols) {
    if (!strategy.isBeamSearch()) {
      return new GreedyOptions(strategy, greedyMaxSymbols);
    }
    BeamOptions d = BeamOptions.defaults();
    BeamOptions beam =
        new BeamOptions(
            or(beamSize, d.beamSize()), or(scoreNorm, d.scoreNorm()), or(returnBestHypothesis, d.returnBestHypothesis()));
    return switch (strategy) {
      case BEAM -> new BeamSearchOptions(beam);
      case TSD -> new TsdOptions(beam, or(tsdMaxSymExp, TsdOptions.DEFAULT_MAX_SYM_EXP_PER_STEP));
      case ALSD -> alsd(beam);
      case MAES -> {
        MaesOptions m = MaesOptions.defaults();
        yield new MaesOptions(
            beam, or(maesNumSteps, m.numSteps()), or(maesPrefixAlpha, m.prefixAlpha()),
            or(maesExpansionBeta, m.expansionBeta()), or(maesExpansionGamma, m.expansionGamma()));
      }
      case MALSD_BATCH -> new MalsdBatchOptions(beam, MalsdBatchOptions.defaults().maxSymbols());
      case MAES_BATCH -> {
        MaesBatchOptions m = MaesBatchOptions.defaults();
        yield new MaesBatchOptions(
            beam, or(maesNumSteps, m.numSteps()), or(maesExpansionBeta, m.expansionBeta()),
            or(maesExpansionGamma, m.expansionGamma()));
      }
      default -> throw new IllegalStateException("not a beam search: " + strategy);
    };
  }

  /** The beam size the strategy runs with (NeMo's default where none was named), or 1 for greedy decoding. */
  public int effectiveBeamSize() {
    return strategy.isBeamSearch() ? or(beamSize, BeamOptions.DEFAULT_BEAM_SIZE) : 1;
  }

  /** What a results file records next to each figure: {@code decoding_strategy}, {@code beam_size}, and the named parameters. */
  public Map<String, Object> describe() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("decoding_strategy", strategy.nemoName());
    m.put("beam_size", effectiveBeamSize());
    put(m, "score_norm", scoreNorm);
    put(m, "return_best_hypothesis", returnBestHypothesis);
    put(m, "tsd_max_sym_exp", tsdMaxSymExp);
    put(m, "alsd_max_target_len", alsdMaxTargetLen);
    put(m, "maes_num_steps", maesNumSteps);
    put(m, "maes_prefix_alpha", maesPrefixAlpha);
    put(m, "maes_expansion_beta", maesExpansionBeta);
    put(m, "maes_expansion_gamma", maesExpansionGamma);
    return m;
  }

  private AlsdOptions alsd(BeamOptions beam) {
    if (alsdMaxTargetLen == null) {
      return new AlsdOptions(beam, AlsdOptions.defaults().maxTargetLen(), true);
    }
    String s = alsdMaxTargetLen.trim();
    boolean perFrame = s.contains(".") || s.contains("e") || s.contains("E");
    try {
      return new AlsdOptions(beam, perFrame ? Double.parseDouble(s) : Long.parseLong(s), perFrame);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("alsd_max_target_len must be a number (1.0: per frame, 50: tokens), got '" + s + "'");
    }
  }

  private static void unusedUnless(List<String> unused, boolean used, Object value, String name) {
    if (!used && value != null) {
      unused.add(name);
    }
  }

  private static void put(Map<String, Object> m, String key, Object value) {
    if (value != null) {
      m.put(key, value);
    }
  }

  private static <T> T or(T value, T fallback) {
    return value != null ? value : fallback;
  }
}
