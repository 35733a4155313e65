package org.rnnt4j.audio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnnt4j.util.DataException;

/** Bad audio fails with a {@link DataException} that names the source and says what is wrong. */
class DecoderErrorTest {
  private static final String SOURCE = "shard-00042.parquet row 17";

  @Test
  void truncatedWavSaysHowManyBytesAreMissing() {
    byte[] wav = Arrays.copyOf(AudioFixtures.bytes("stereo.wav"), 1000);

    DataException e = decodeFails(wav);
    assertEquals("truncated: header says 32000 data bytes, file has 956", messageAfterSource(e));
  }

  @Test
  void wavCutInsideTheHeaderIsTruncated() {
    // ls4s_s24.wav has fmt, LIST and data chunks; cut inside the LIST chunk.
    byte[] wav = Arrays.copyOf(AudioFixtures.bytes("ls4s_s24.wav"), 70);

    DataException e = decodeFails(wav);
    assertTrue(
        messageAfterSource(e)
            .startsWith("truncated: chunk 'LIST' at byte 60 says 26 bytes, file has 2"),
        e.getMessage());
  }

  @Test
  void wavWithoutDataChunkIsRejected() {
    byte[] wav = Arrays.copyOf(AudioFixtures.bytes("stereo.wav"), 36);

    assertTrue(decodeFails(wav).getMessage().contains("no data chunk"));
  }

  @Test
  void randomBytesAreNotAudio() {
    Random random = new Random(20240611L);
    byte[] noise = new byte[4096];
    random.nextBytes(noise);
    noise[0] = 0x12; // keep the first bytes away from every magic number, whatever the seed gives

    DataException e = decodeFails(noise);
    assertTrue(
        messageAfterSource(e).startsWith("unrecognised audio format (first bytes 12 "),
        e.getMessage());
  }

  @Test
  void randomBytesBehindAnOggMagicFailInFfmpeg() {
    Random random = new Random(7L);
    byte[] noise = new byte[4096];
    random.nextBytes(noise);
    System.arraycopy("OggS".getBytes(StandardCharsets.US_ASCII), 0, noise, 0, 4);

    DataException e = decodeFails(noise);
    assertTrue(e.getMessage().contains("FFmpeg error"), e.getMessage());
  }

  @Test
  void emptyFileNamesThePath(@TempDir Path dir) throws IOException {
    Path empty = Files.createFile(dir.resolve("utt-001.wav"));

    DataException e = assertThrows(DataException.class, () -> AudioDecoder.decodeMono(empty));
    assertEquals(empty + ": empty file (0 bytes), expected audio", e.getMessage());
    assertEquals(empty.toString(), e.source());
  }

  @Test
  void missingFileNamesThePath(@TempDir Path dir) {
    Path missing = dir.resolve("nope.flac");

    DataException e = assertThrows(DataException.class, () -> AudioDecoder.decode(missing));
    assertTrue(e.getMessage().startsWith(missing + ": cannot read"), e.getMessage());
  }

  @Test
  void wavWithZeroLengthDataHasNoAudio() {
    byte[] header = Arrays.copyOf(AudioFixtures.bytes("stereo.wav"), 44);
    ByteBuffer.wrap(header).order(ByteOrder.LITTLE_ENDIAN).putInt(40, 0).putInt(4, 36);

    DataException e = decodeFails(header);
    assertEquals("no audio: the file holds zero samples", messageAfterSource(e));
  }

  @Test
  void sphereWithZeroSamplesHasNoAudio() {
    byte[] sphere = Arrays.copyOf(AudioFixtures.bytes("stereo.sph"), 1024);
    replace(sphere, "sample_count -i 8000", "sample_count -i 0   ");

    assertEquals("no audio: the file holds zero samples", messageAfterSource(decodeFails(sphere)));
  }

  @Test
  void truncatedSphereSaysHowManyBytesAreMissing() {
    byte[] sphere = Arrays.copyOf(AudioFixtures.bytes("ls4s_mulaw.sph"), 2024);

    assertEquals(
        "truncated: header says 32000 data bytes (32000 samples x 1 channels x 1 bytes), file has"
            + " 1000",
        messageAfterSource(decodeFails(sphere)));
  }

  @Test
  void shortenCompressedSphereIsRejectedWithAHint() {
    byte[] sphere = AudioFixtures.bytes("stereo.sph");
    String header = new String(sphere, 0, 1024, StandardCharsets.ISO_8859_1);
    String compressed =
        header.replace(
            "sample_coding -s3 pcm\n", "sample_coding -s26 pcm,embedded-shorten-v2.00\n");
    byte[] bytes = Arrays.copyOf(sphere, sphere.length);
    System.arraycopy(compressed.getBytes(StandardCharsets.ISO_8859_1), 0, bytes, 0, 1024);

    String message = messageAfterSource(decodeFails(bytes));
    assertTrue(
        message.startsWith("compressed SPHERE (sample_coding 'pcm,embedded-shorten-v2.00')"),
        message);
    assertTrue(message.contains("sph2pipe"), message);
  }

  @Test
  void truncatedFlacIsReportedAgainstItsStreamInfo() {
    byte[] flac = AudioFixtures.bytes("2412-153948-0000.flac");
    byte[] half = Arrays.copyOf(flac, flac.length / 2);

    String message = messageAfterSource(decodeFails(half));
    assertTrue(message.startsWith("truncated: FLAC header says 186560 frames, file has "), message);
  }

  @Test
  void segmentPastTheEndIsRejected() {
    DataException e =
        assertThrows(
            DataException.class,
            () -> AudioDecoder.decode(AudioFixtures.bytes("stereo.wav"), SOURCE, 1.5, 1.0));
    assertEquals(
        SOURCE
            + ": offset 1.500 s is at or past the end of the audio (1.000 s, 8000 frames at 8000"
            + " Hz)",
        e.getMessage());
  }

  @Test
  void segmentRunningFarPastTheEndIsRejected() {
    DataException e =
        assertThrows(
            DataException.class,
            () -> AudioDecoder.decode(AudioFixtures.bytes("stereo.opus"), SOURCE, 0.5, 1.0));
    assertTrue(
        e.getMessage().startsWith(SOURCE + ": segment 0.500 s + 1.000 s ends after the audio"),
        e.getMessage());
  }

  @Test
  void segmentRunningSlightlyPastTheEndIsClamped() {
    DecodedAudio audio = AudioDecoder.decode(AudioFixtures.bytes("stereo.wav"), SOURCE, 0.5, 0.52);

    assertEquals(4000, audio.frames());
  }

  @Test
  void badSegmentArgumentsAreCallerErrors() {
    byte[] wav = AudioFixtures.bytes("stereo.wav");
    assertThrows(IllegalArgumentException.class, () -> AudioDecoder.decode(wav, SOURCE, -1, 1));
    assertThrows(IllegalArgumentException.class, () -> AudioDecoder.decode(wav, SOURCE, 0, 0));
    assertThrows(
        IllegalArgumentException.class, () -> AudioDecoder.decode(wav, SOURCE, Double.NaN, 1));
  }

  @Test
  void nanOrInfiniteDurationMeansToTheEnd() {
    byte[] wav = AudioFixtures.bytes("stereo.wav");
    assertEquals(4000, AudioDecoder.decode(wav, SOURCE, 0.5, Double.NaN).frames());
    assertEquals(4000, AudioDecoder.decode(wav, SOURCE, 0.5, Double.POSITIVE_INFINITY).frames());
  }

  @Test
  void wavInACodecNobodyDecodesIsUnsupported() {
    byte[] wav = TestFiles.wav(0x1234, 1, 8000, 16, 2, new byte[800]);

    String message = messageAfterSource(decodeFails(wav));
    assertEquals("unsupported codec tag 0x1234, which FFmpeg does not know", message);
  }

  private static DataException decodeFails(byte[] bytes) {
    DataException e = assertThrows(DataException.class, () -> AudioDecoder.decode(bytes, SOURCE));
    assertEquals(SOURCE, e.source());
    assertTrue(e.getMessage().startsWith(SOURCE + ": "), e.getMessage());
    return e;
  }

  private static String messageAfterSource(DataException e) {
    return e.getMessage().substring(SOURCE.length() + 2);
  }

  private static void replace(byte[] bytes, String from, String to) {
    String text = new String(bytes, StandardCharsets.ISO_8859_1);
    int at = text.indexOf(from);
    assertTrue(at >= 0, "no '" + from + "' in the fixture");
    System.arraycopy(to.getBytes(StandardCharsets.ISO_8859_1), 0, bytes, at, to.length());
  }
}
