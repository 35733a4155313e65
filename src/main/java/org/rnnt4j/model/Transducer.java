package org.rnnt4j.model;

import org.rnnt4j.engine.Tensor;
import org.rnnt4j.features.Features;
import org.rnnt4j.features.Preprocessor;
import org.rnnt4j.features.SpecAugment;
import org.rnnt4j.model.decoder.DecoderState;
import org.rnnt4j.model.decoder.Predictor;
import org.rnnt4j.model.encoder.Encoded;
import org.rnnt4j.model.encoder.Encoder;
import org.rnnt4j.model.joint.Joiner;
import org.rnnt4j.nn.Module;

/**
 * An RNN-Transducer (Graves 2012) composed by injection, as NeMo's {@code EncDecRNNTBPEModel} holds it:
 * {@code preprocessor}, {@code spec_augmentation} (no state), {@code encoder}, {@code decoder} (the
 * prediction network) and {@code joint}, whose state-dict keys are NeMo's. It exposes the verbs
 * training and decoding need: {@link #features}, {@link #transcribe}, {@link #predict} and {@link #join}
 * (torchaudio's RNNT API).
 *
 * <p>Legend: B batch, S samples, D mel bands, T encoder frames, U labels, H hidden, V vocabulary including
 * the blank (the joint's output classes; the blank is id V-1, the last one).
 */
public final class Transducer extends Module {
  private final Preprocessor preprocessor;
  private final SpecAugment specAugment;
  private final Encoder encoder;
  private final Predictor decoder;
  private final Joiner joint;

  public Transducer(Preprocessor preprocessor, SpecAugment specAugment, Encoder encoder, Predictor decoder, Joiner joint) {
    this.preprocessor = registerModule("preprocessor", preprocessor);
    this.specAugment = specAugment;
    this.encoder = encoder;
    registerModule("encoder", encoder.module());
    this.decoder = decoder;
    registerModule("decoder", decoder.module());
    this.joint = joint;
    registerModule("joint", joint.module());
    registerModule("spec_augmentation", specAugment);
  }

  public Preprocessor preprocessor() {
    return preprocessor;
  }

  /** SpecAugment: a training checkpoint saves and restores its mask generator; bench train times it apart. */
  public SpecAugment specAugment() {
    return specAugment;
  }

  public Encoder encoder() {
    return encoder;
  }

  public Predictor decoder() {
    return decoder;
  }

  public Joiner joint() {
    return joint;
  }

  /** The tokenizer's piece count WITHOUT the blank: V-1, which is also the blank's id. */
  public int vocabSize() {
    return decoder.blank();
  }

  /** The blank's id, V-1: the last joint output. */
  public int blank() {
    return decoder.blank();
  }

  public int sampleRate() {
    return preprocessor.config().sampleRate();
  }

  /**
   * Log-mel features, with SpecAugment in training mode. No gradients flow into the preprocessor.
   *
   * @param audio (B, S) float32
   * @param audioLengths (B) int64
   * @return (B, D, T_feat) and lengths
   */
  public Features features(Tensor audio, Tensor audioLengths) {
    Features f = preprocessor.forward(audio, audioLengths);
    return new Features(specAugment.forward(f.values(), f.lengths()), f.lengths());
  }

  /**
   * @param features (B, D, T_feat)
   * @return encoder output (B, H_enc, T) and lengths
   */
  public Encoded transcribe(Features features) {
    return encoder.encode(features.values(), features.lengths());
  }

  /**
   * @param labels (B, U) int64, padded with 0
   * @return prediction network output (B, H_pred, U+1)
   */
  public Tensor predict(Tensor labels) {
    return decoder.forwardLabels(labels);
  }

  /**
   * @param encoded (B, H_enc, T)
   * @param predicted (B, H_pred, U+1)
   * @return raw joint logits (B, T, U+1, V)
   */
  public Tensor join(Tensor encoded, Tensor predicted) {
    return joint.forward(encoded, predicted);
  }

  /**
   * One prediction step per row, for decoding; the blank token is the start input.
   *
   * @param tokens (R) int64, the last emitted token per row, or the blank
   * @param state the state after the previous step, or null for the initial state
   * @return values (R, 1, H_pred) and the new state
   */
  public Predictor.Step predictStep(Tensor tokens, DecoderState state) {
    return decoder.step(tokens, state);
  }

  /**
   * @param encoded encoder frames (B, T, H_enc), time before hidden
   * @return (B, T, J)
   */
  public Tensor projectEncoder(Tensor encoded) {
    return joint.projectEncoder(encoded);
  }

  /**
   * @param predicted prediction outputs (R, U, H_pred)
   * @return (R, U, J)
   */
  public Tensor projectPrediction(Tensor predicted) {
    return joint.projectPrediction(predicted);
  }

  /**
   * @param encProjected (B, T, 1, J) or (R, J)
   * @param predProjected (B, 1, U, J) or (R, J)
   * @return raw logits (B, T, U, V) or (R, V)
   */
  public Tensor joinProjected(Tensor encProjected, Tensor predProjected) {
    return joint.joinProjected(encProjected, predProjected);
  }
}
