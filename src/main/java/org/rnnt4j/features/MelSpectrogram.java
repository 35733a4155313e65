package org.rnnt4j.features;

import org.rnnt4j.engine.Autocast;
import org.rnnt4j.engine.DType;
import org.rnnt4j.engine.Tensor;
import org.rnnt4j.engine.TensorScope;
import org.rnnt4j.nn.Module;
import org.rnnt4j.util.Checks;

/**
 * NeMo's {@code FilterbankFeatures}: dither (training only), pre-emphasis, a centred STFT with a Hann
 * window (constant padding), power spectrum, Slaney mel filterbank, log with a zero guard, per-feature
 * normalisation over the valid frames, masking and {@code pad_to}. Computed batched on the engine in
 * float32, as NeMo computes it (its STFT runs in float32 with autocast off): against the reference's float32
 * features a float64 computation was 40x further off (relative error 9.1e-6 against 2.2e-7).
 *
 * <p>State keys (buffers): {@code window (W)} and {@code fb (1, D, nFft/2+1)}, as in NeMo, so a loaded
 * checkpoint uses its own stored filterbank.
 *
 * <p>Follows NeMo 2.5+ numerics (feature length {@code len // hop}, constant centre padding, the signal
 * zeroed beyond each length after pre-emphasis).
 */
public final class MelSpectrogram extends Module {
  private static final double NORMALIZE_EPS = 1e-5;
  private final MelConfig config;

  public MelSpectrogram(MelConfig config) {
    this.config = config;
    int n = config.fftSize();
    int w = config.windowLength();
    Checks.argument(w <= n, "window length %s exceeds n_fft %s", w, n);
    double[] hann = MelFilterbank.hann(w);
    float[] window = new float[w];
    for (int i = 0; i < w; i++) {
      window[i] = (float) hann[i];
    }
    registerBuffer("window", Tensor.of(window, w));
    double[][] fb =
        MelFilterbank.slaney(config.sampleRate(), n, config.features(), config.lowFreq(), config.highFreq());
    int bins = n / 2 + 1;
    float[] flat = new float[config.features() * bins];
    for (int m = 0; m < config.features(); m++) {
      for (int k = 0; k < bins; k++) {
        flat[m * bins + k] = (float) fb[m][k];
      }
    }
    registerBuffer("fb", Tensor.of(flat, 1, config.features(), bins));
  }

  public MelConfig config() {
    return config;
  }

  /**
   * @param audio (B, S) float32 waveforms, zero-padded
   * @param audioLengths (B) int64 valid samples
   * @return features (B, D, T') with T' = 1 + S / hop rounded up to {@code pad_to}, and lengths (B)
   */
  public Features forward(Tensor audio, Tensor audioLengths) {
    Checks.argument(audio.dim() == 2, "audio must be (B, S), got %s", audio.shapeString());
    try (Autocast float32 = Autocast.suspend(audio.device()); // float32 under --bf16/--fp16, as NeMo's
        TensorScope temporaries = new TensorScope()) { // the STFT's buffers are freed on return
      Features f = compute(audio, audioLengths);
      return new Features(temporaries.handOver(f.values()), temporaries.handOver(f.lengths()));
    }
  }

  private Features compute(Tensor audio, Tensor audioLengths) {
    long batch = audio.size(0);
    long samples = audio.size(1);
    Tensor lengths = floorDiv(audioLengths, config.hopLength());
    Tensor x = audio.to(DType.FLOAT32);
    if (isTraining() && config.dither() > 0) {
      x = x.add(Tensor.randn(batch, samples).to(x.device()).to(DType.FLOAT32).mul(config.dither()));
    }
    if (config.preemph() > 0 && samples > 1) {
      Tensor head = x.narrow(1, 0, 1);
      Tensor tail = x.narrow(1, 1, samples - 1).sub(x.narrow(1, 0, samples - 1).mul(config.preemph()));
      x = Tensor.cat(java.util.List.of(head, tail), 1); // (B, S)
      Tensor beyond = Tensor.arange(samples).to(x.device()).unsqueeze(0).ge(audioLengths.unsqueeze(1)); // (B, S)
      x = x.maskedFill(beyond, 0.0);
    }
    int n = config.fftSize();
    int bins = n / 2 + 1;
    int w = config.windowLength();
    Tensor window = buffer("window").to(DType.FLOAT32);
    Tensor padded = window.pad((n - w) / 2, n - w - (n - w) / 2); // (n)
    Tensor windows = x.pad(n / 2, n / 2).unfold(1, n, config.hopLength()); // (B, F, n)
    Tensor power = windows.mul(padded).rfftPower().transpose(1, 2); // (B, bins, F)
    Tensor mel = buffer("fb").to(DType.FLOAT32).matmul(power); // (B, D, F)
    Tensor logMel = mel.add(config.logZeroGuard()).log();
    long frames = logMel.size(2);
    Tensor valid = Tensor.arange(frames).to(x.device()).unsqueeze(0).lt(lengths.unsqueeze(1)).unsqueeze(1); // (B, 1, F)
    if (config.normalize() == MelConfig.Normalization.PER_FEATURE) {
      logMel = normalizePerFeature(logMel, valid, lengths);
    }
    logMel = logMel.maskedFill(valid.logicalNot(), 0.0);
    if (config.padTo() > 0) {
      long rem = frames % config.padTo();
      if (rem != 0) {
        logMel = logMel.pad(0, config.padTo() - rem);
      }
    }
    return new Features(logMel.to(DType.FLOAT32), lengths);
  }

  /** (x - mean) / (std + 1e-5) per utterance and band over the valid frames, std unbiased; 1 frame gives std 0. */
  private static Tensor normalizePerFeature(Tensor x, Tensor valid, Tensor lengths) {
    Tensor n = lengths.to(DType.FLOAT32).view(-1, 1, 1); // (B, 1, 1)
    Tensor validF = valid.to(DType.FLOAT32); // (B, 1, F)
    Tensor mean = x.mul(validF).sum(2, true).div(n.clampMin(1)); // (B, D, 1)
    Tensor centred = x.sub(mean).mul(validF);
    Tensor var = centred.square().sum(2, true).div(n.sub(1).clampMin(1)); // (B, D, 1)
    Tensor std = var.sqrt().maskedFill(n.lt(2.0), 0.0);
    return x.sub(mean).div(std.add(NORMALIZE_EPS));
  }

  private static Tensor floorDiv(Tensor lengths, long divisor) {
    return Tensor.ofLongs(java.util.Arrays.stream(lengths.toLongArray()).map(v -> Math.floorDiv(v, divisor)).toArray(), lengths.size(0)).to(lengths.device());
  }
}
