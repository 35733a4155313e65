package org.rnnt4j.evaluation;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.rnnt4j.decoding.Hypotheses;
import org.rnnt4j.decoding.Hypothesis;
import org.rnnt4j.metrics.AlignmentChunk;
import org.rnnt4j.metrics.WordAlignment;
import org.rnnt4j.text.tokenizer.Tokenizer;

/**
 * One line of a {@code {split}_predictions.jsonl} file, with NeMo's field names.
 *
 * @param id {@code audio_filepath} for manifest data (exactly as the manifest gives it), the dataset id otherwise
 * @param predTokenIds the best hypothesis' token ids, {@code predText} its text
 * @param score the score NeMo's hypothesis carries for the strategy (see {@link Hypothesis})
 * @param nbest the distinct hypotheses, best first in NeMo's order, or null when not written
 * @param loss the utterance's transducer loss, or NaN when not computed
 * @param alignment the word alignment of {@code text} and {@code predText}, or null when not written
 */
public record Prediction(
    String id,
    boolean fromManifest,
    String text,
    String predText,
    int[] predTokenIds,
    double score,
    List<Candidate> nbest,
    double loss,
    WordAlignment alignment) {

  /** One entry of an n-best list: {@code token_ids}, {@code text}, {@code score}. */
  public record Candidate(int[] tokenIds, String text, double score) {
    public static List<Candidate> of(Hypotheses hypotheses, Tokenizer tokenizer) {
      List<Candidate> out = new ArrayList<>();
      for (Hypothesis h : hypotheses.nBest()) {
        out.add(new Candidate(h.tokens(), tokenizer.decode(h.tokens()), h.score()));
      }
      return out;
    }

    public Map<String, Object> toJson() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("token_ids", tokenIds);
      m.put("text", text);
      m.put("score", score);
      return m;
    }
  }

  /** This prediction with the word alignment of its reference and text. */
  public Prediction withAlignment() {
    return new Prediction(id, fromManifest, text, predText, predTokenIds, score, nbest, loss, WordAlignment.of(text, predText));
  }

  Map<String, Object> toJson() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put(fromManifest ? "audio_filepath" : "id", id);
    m.put("text", text);
    m.put("pred_text", predText);
    m.put("pred_token_ids", predTokenIds);
    m.put("score", score);
    if (nbest != null) {
      m.put("nbest", nbest.stream().map(Candidate::toJson).toList());
    }
    if (!Double.isNaN(loss)) {
      m.put("loss", loss);
    }
    if (alignment != null) {
      m.put("alignment", alignment.chunks().stream().map(AlignmentChunk::toJson).toList());
    }
    return m;
  }
}
