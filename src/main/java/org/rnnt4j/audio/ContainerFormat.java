package org.rnnt4j.audio;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HexFormat;
import org.rnnt4j.util.DataException;

/**
 * The kind of audio file, recognised by its first bytes (never by its name: files inside Parquet
 * rows and tar shards often have none, or a wrong one). Decides which reader decodes the file.
 */
enum ContainerFormat {
  /**
   * RIFF/WAVE; uncompressed encodings are parsed by {@link WavReader}, other WAVE codecs go to
   * FFmpeg.
   */
  WAV(false),
  /** NIST SPHERE, parsed by {@link SphereReader}. */
  SPHERE(false),
  FLAC(true),
  /** Ogg: Vorbis, Opus, or FLAC in Ogg. */
  OGG(true),
  /** MPEG audio frames (MP3, MP2) or ADTS AAC, possibly after an ID3v2 tag. */
  MPEG_AUDIO(true),
  /** ISO base media (MP4, M4A): AAC, ALAC. */
  MP4(true),
  /** Matroska and WebM: Opus, Vorbis. */
  MATROSKA(true),
  /** AIFF and AIFF-C. */
  AIFF(true),
  /** RIFF relatives that {@link WavReader} does not parse: RF64, BW64, big-endian RIFX. */
  WAV_VARIANT(true);

  private final boolean ffmpeg;

  ContainerFormat(boolean ffmpeg) {
    this.ffmpeg = ffmpeg;
  }

  /** Whether FFmpeg decodes this container (rather than one of our own readers). */
  boolean decodedByFfmpeg() {
    return ffmpeg;
  }

  /**
   * @param file the whole file, position 0 at its first byte
   * @throws DataException for an empty file or unrecognised content, quoting the first bytes
   */
  static ContainerFormat detect(ByteBuffer file, String source) {
    int size = file.limit();
    if (size == 0) {
      throw new DataException(source, -1, "empty file (0 bytes), expected audio");
    }
    if (startsWith(file, 0, "RIFF") && startsWith(file, 8, "WAVE")) {
      return WAV;
    }
    if ((startsWith(file, 0, "RF64") || startsWith(file, 0, "BW64") || startsWith(file, 0, "RIFX"))
        && startsWith(file, 8, "WAVE")) {
      return WAV_VARIANT;
    }
    if (startsWith(file, 0, SphereReader.MAGIC)) {
      return SPHERE;
    }
    if (startsWith(file, 0, "fLaC")) {
      return FLAC;
    }
    if (startsWith(file, 0, "OggS")) {
      return OGG;
    }
    if (startsWith(file, 0, "ID3") || isMpegSync(file)) {
      return MPEG_AUDIO;
    }
    if (startsWith(file, 4, "ftyp")) {
      return MP4;
    }
    if (size >= 4 && file.duplicate().order(ByteOrder.BIG_ENDIAN).getInt(0) == 0x1A45DFA3) {
      return MATROSKA;
    }
    if (startsWith(file, 0, "FORM")
        && (startsWith(file, 8, "AIFF") || startsWith(file, 8, "AIFC"))) {
      return AIFF;
    }
    byte[] head = new byte[Math.min(size, 12)];
    file.get(0, head);
    throw new DataException(
        source,
        -1,
        "unrecognised audio format (first bytes "
            + HexFormat.ofDelimiter(" ").formatHex(head)
            + "); expected WAV, NIST SPHERE, FLAC, Ogg, MP3, MP4/M4A, WebM/Matroska or AIFF");
  }

  /**
   * An MPEG audio frame header: 11 sync bits set (0xFFE), then a version/layer pair that is not
   * reserved.
   */
  private static boolean isMpegSync(ByteBuffer file) {
    if (file.limit() < 4) {
      return false;
    }
    int b0 = file.get(0) & 0xFF;
    int b1 = file.get(1) & 0xFF;
    boolean sync = b0 == 0xFF && (b1 & 0xE0) == 0xE0;
    boolean reservedVersion = (b1 & 0x18) == 0x08;
    return sync && !reservedVersion;
  }

  private static boolean startsWith(ByteBuffer file, int at, String ascii) {
    if (file.limit() < at + ascii.length()) {
      return false;
    }
    for (int i = 0; i < ascii.length(); i++) {
      if (file.get(at + i) != (byte) ascii.charAt(i)) {
        return false;
      }
    }
    return true;
  }
}
