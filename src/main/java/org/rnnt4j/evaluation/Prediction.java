package org.rnnt4j.evaluation;

/**
 * One line of a {@code {split}_predictions.jsonl} file, with NeMo's field names.
 *
 * @param id {@code audio_filepath} for manifest data, the dataset id otherwise
 * @param loss the utterance's transducer loss, or NaN when not computed
 */
public record Prediction(String id, boolean fromManifest, String text, String predText, int[] predTokenIds, double loss) {
  java.util.Map<String, Object> toJson() {
    java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
    m.put(fromManifest ? "audio_filepath" : "id", id);
    m.put("text", text);
    m.put("pred_text", predText);
    m.put("pred_token_ids", predTokenIds);
    if (!Double.isNaN(loss)) {
      m.put("loss", loss);
    }
    return m;
  }
}
