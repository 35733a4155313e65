package org.rnnt4j.data.pipeline;

import org.rnnt4j.data.Utterance;

/**
 * One prepared utterance: its source, the normalised transcript the model learns and is scored against,
 * its token ids, and its waveform at the model's sample rate (null when not cached in memory; the batch
 * loader then decodes it again).
 *
 * @param samples the waveform length at the model's rate
 */
public record Example(Utterance utterance, String text, int[] tokens, float[] waveform, int samples) {
  public Example withTokens(int[] ids) {
    return new Example(utterance, text, ids, waveform, samples);
  }

  /** The id written to prediction files: NeMo's {@code audio_filepath} for manifests, else the dataset id. */
  public String id() {
    return utterance.id();
  }
}
