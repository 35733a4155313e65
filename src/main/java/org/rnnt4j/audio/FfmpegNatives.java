package org.rnnt4j.audio;

import static org.bytedeco.ffmpeg.global.avutil.AV_LOG_FATAL;
import static org.bytedeco.ffmpeg.global.avutil.av_log_set_level;

import org.rnnt4j.util.NativeLoader;

/**
 * Loads the FFmpeg natives once per JVM, the safe way: JavaCPP's resources are extracted into the
 * cache before any {@code org.bytedeco.ffmpeg} class is initialised, because on an empty {@code
 * ~/.javacpp} cache, loading natives while JavaCPP is still extracting them crashes the JVM (see
 * {@link NativeLoader}). Every class of this package that uses FFmpeg calls {@link #ensureLoaded()}
 * first.
 *
 * <p>FFmpeg's own log is silenced below fatal: decoders report problems to us as error codes, which
 * become exceptions naming the file, and training on thousands of files must not flood stderr.
 */
final class FfmpegNatives {
  static {
    NativeLoader.extract("javacpp", "ffmpeg");
    av_log_set_level(AV_LOG_FATAL);
  }

  private FfmpegNatives() {}

  /** Runs the static initialiser above exactly once (the JVM guarantees it, across threads). */
  static void ensureLoaded() {}
}
