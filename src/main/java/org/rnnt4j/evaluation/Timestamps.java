package org.rnnt4j.evaluation;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.rnnt4j.decoding.Hypothesis;
import org.rnnt4j.model.TransducerConfig;
import org.rnnt4j.model.encoder.ConformerConfig;
import org.rnnt4j.model.encoder.ContextNetConfig;
import org.rnnt4j.model.encoder.JasperBlockConfig;
import org.rnnt4j.text.tokenizer.Tokenizer;
import org.rnnt4j.util.Checks;

/**
 * Token and word times of a hypothesis as NeMo's {@code timestamps=True} gives them for an RNN-T model
 * with a SentencePiece BPE tokenizer ({@code AbstractRNNTDecoding.compute_rnnt_timestamps} and {@code
 * timestamp_utils.get_words_offsets}, NVIDIA/NeMo@8cfedd7): a token emitted on encoder frame t spans the
 * offsets [t, t + 1) (tokens emitted on one frame share it); a word starts at a piece marked {@code ▁} and
 * spans its first token's start to its last token's end; seconds are offsets times the frame stride,
 * {@code window_stride x subsampling_factor} ({@code process_timestamp_outputs}). NeMo's punctuation
 * refinement (attaching a punctuation piece that starts a word to the previous word) is not applied.
 */
public final class Timestamps {
  private final Tokenizer tokenizer;
  private final double frameSeconds;

  public Timestamps(Tokenizer tokenizer, double frameSeconds) {
    Checks.argument(frameSeconds > 0, "frame stride must be > 0 s, got %s", frameSeconds);
    this.tokenizer = tokenizer;
    this.frameSeconds = frameSeconds;
  }

  /** Seconds per encoder frame: the preprocessor's {@code window_stride} times the encoder's {@code subsampling_factor}. */
  public static double frameSeconds(TransducerConfig config) {
    return config.preprocessor().windowStride() * subsamplingFactor(config);
  }

  /** NeMo's {@code encoder.subsampling_factor}: the Conformer's, or the product of the ContextNet blocks' strides. */
  static int subsamplingFactor(TransducerConfig config) {
    if (config.encoder() instanceof ConformerConfig c) {
      return c.subsampling().factor();
    }
    int factor = 1;
    for (JasperBlockConfig b : ((ContextNetConfig) config.encoder()).blocks()) {
      factor *= b.stride();
    }
    return factor;
  }

  /** {@code [{"token", "token_id", "start", "end"}]}, one per emitted token. */
  public List<Map<String, Object>> tokens(Hypothesis h) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (int k = 0; k < h.tokens().length; k++) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("token", tokenizer.pieces().get(h.tokens()[k]));
      m.put("token_id", h.tokens()[k]);
      m.put("start", seconds(h.timestamps()[k]));
      m.put("end", seconds(h.timestamps()[k] + 1));
      out.add(m);
    }
    return out;
  }

  /** {@code [{"word", "start", "end"}]}: the pieces grouped into words at each {@code ▁}. */
  public List<Map<String, Object>> words(Hypothesis h) {
    List<Map<String, Object>> out = new ArrayList<>();
    int[] ids = h.tokens();
    int first = 0;
    for (int k = 1; k <= ids.length; k++) {
      if (k == ids.length || tokenizer.pieces().get(ids[k]).startsWith("\u2581")) {
        if (k > first) {
          Map<String, Object> m = new LinkedHashMap<>();
          m.put("word", tokenizer.decode(Arrays.copyOfRange(ids, first, k)));
          m.put("start", seconds(h.timestamps()[first]));
          m.put("end", seconds(h.timestamps()[k - 1] + 1));
          out.add(m);
        }
        first = k;
      }
    }
    return out;
  }

  /** Offsets to seconds, rounded to the microsecond so that 3 x 0.04 reads 0.12. */
  private double seconds(int offset) {
    return Math.round(offset * frameSeconds * 1e6) / 1e6;
  }
}
