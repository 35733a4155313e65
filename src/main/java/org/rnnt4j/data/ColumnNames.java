package org.rnnt4j.data;

import org.rnnt4j.util.Checks;

/**
 * The dataset columns that hold the audio and the transcript: the recipe's {@code --audio_column_name}
 * (default {@code audio}) and {@code --text_column_name} (default {@code text}). The utterance id comes
 * from an {@code id} column if there is one, else {@code file}, else the split name and row number.
 */
public record ColumnNames(String audio, String text) {
  public ColumnNames {
    Checks.argument(audio != null && !audio.isBlank(), "audio column name must be non-empty, got '%s'", audio);
    Checks.argument(text != null && !text.isBlank(), "text column name must be non-empty, got '%s'", text);
  }

  public static ColumnNames defaults() {
    return new ColumnNames("audio", "text");
  }
}
