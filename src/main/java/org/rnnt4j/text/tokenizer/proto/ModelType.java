package org.rnnt4j.text.tokenizer.proto;

/** SentencePiece's {@code TrainerSpec.ModelType}: the segmentation algorithm a model uses. */
public enum ModelType {
  UNIGRAM(1),
  BPE(2),
  WORD(3),
  CHAR(4);

  private final int number;

  ModelType(int number) {
    this.number = number;
  }

  /** The enum value on the wire. */
  public int number() {
    return number;
  }

  /** The model type for a wire value, or null when the value is not one of SentencePiece's. */
  static ModelType fromNumber(int number) {
    for (ModelType t : values()) {
      if (t.number == number) {
        return t;
      }
    }
    return null;
  }
}
