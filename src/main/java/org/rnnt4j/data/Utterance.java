package org.rnnt4j.data;

import org.rnnt4j.util.Checks;

/**
 * One training or evaluation example before decoding: the audio (by reference), its transcript, and
 * where it came from. Mirrors one row of a Hugging Face ASR dataset or one line of a NeMo manifest.
 *
 * @param id a name for logs and prediction files: the dataset's {@code id} column, else its {@code file}
 *     column, else the split name and row index; for manifests the audio file name without extension
 * @param durationSeconds the audio length if the source states it (NeMo's {@code duration}), else NaN
 * @param source the file and line or row, for error messages
 */
public record Utterance(String id, AudioRef audio, String text, double durationSeconds, SourceLocation source) {
  public Utterance {
    Checks.notNull(id, "id");
    Checks.notNull(audio, "audio");
    Checks.notNull(text, "text");
    Checks.notNull(source, "source");
    Checks.argument(
        Double.isNaN(durationSeconds) || durationSeconds >= 0,
        "duration must be >= 0 seconds or NaN (unknown), got %s at %s", durationSeconds, source);
  }

  public boolean hasDuration() {
    return !Double.isNaN(durationSeconds);
  }

  public Utterance withText(String newText) {
    return new Utterance(id, audio, newText, durationSeconds, source);
  }
}
