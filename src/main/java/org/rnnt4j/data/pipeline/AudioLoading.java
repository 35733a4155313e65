package org.rnnt4j.data.pipeline;

import org.rnnt4j.audio.AudioClip;
import org.rnnt4j.audio.AudioDecoder;
import org.rnnt4j.audio.Resampler;
import org.rnnt4j.data.AudioRef;
import org.rnnt4j.data.Utterance;
import org.rnnt4j.util.DataException;

/** Decodes an utterance's audio to mono float samples at the model's sample rate. */
public final class AudioLoading {
  private AudioLoading() {}

  static float[] load(Utterance u, int sampleRate) {
    AudioClip clip;
    AudioRef ref = u.audio();
    if (ref instanceof AudioRef.FileAudio file) {
      // As NeMo loads manifest entries: a duration without an offset only limits the length, and a
      // stated duration longer than the file is not an error (manifests round durations).
      clip =
          file.offsetSeconds() > 0
              ? AudioDecoder.decodeMono(file.path(), file.offsetSeconds(), file.durationSeconds())
              : truncate(AudioDecoder.decodeMono(file.path()), file.durationSeconds());
    } else {
      clip = AudioDecoder.decodeMono(ref.readAllBytes(), u.source().toString());
    }
    float[] samples = Resampler.resample(clip, sampleRate).samples();
    if (samples.length == 0) {
      throw new DataException(u.source().toString(), -1, "audio has no samples");
    }
    return samples;
  }

  /**
   * Decodes again a clip prepared earlier, cut to its prepared length (which already dropped, e.g.,
   * Earnings-22's 100 ms tail).
   *
   * @throws DataException when the audio is now shorter than prepared (the file changed)
   */
  static float[] load(Utterance u, int sampleRate, int preparedSamples) {
    float[] samples = load(u, sampleRate);
    if (samples.length < preparedSamples) {
      throw new DataException(u.source().toString(), -1,
          "audio has " + samples.length + " samples now, " + preparedSamples + " when prepared: did the file change?");
    }
    return samples.length == preparedSamples ? samples : java.util.Arrays.copyOf(samples, preparedSamples);
  }

  private static AudioClip truncate(AudioClip clip, double durationSeconds) {
    if (Double.isNaN(durationSeconds) || Double.isInfinite(durationSeconds)) {
      return clip;
    }
    long limit = Math.round(durationSeconds * clip.sampleRate());
    if (limit >= clip.samples().length) {
      return clip;
    }
    return new AudioClip(java.util.Arrays.copyOf(clip.samples(), (int) limit), clip.sampleRate(), clip.source());
  }
}
