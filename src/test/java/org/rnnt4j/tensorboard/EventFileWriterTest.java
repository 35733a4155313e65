package org.rnnt4j.tensorboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnnt4j.testing.Goldens;
import org.rnnt4j.util.Json;

/**
 * Event files read back by two readers that share no code with the writer: {@link EventFileReader} (Java,
 * written from the TFRecord and protobuf specifications) and read_events.py (Python's standard library).
 */
class EventFileWriterTest {
  @TempDir Path tmp;

  @Test
  void theTestReadersCrcIsCrc32c() {
    // the standard check value of CRC-32C (RFC 3720's iSCSI polynomial)
    byte[] nine = "123456789".getBytes(StandardCharsets.US_ASCII);
    assertEquals(0xE3069283, EventFileReader.crc32c(nine, 0, 9));
  }

  @Test
  void scalarsAndTextReadBackWithTheirStepsAndChecksums() throws IOException {
    long seed = 20261206L;
    System.out.println("seed " + seed);
    Random random = new Random(seed);
    List<Float> values = new ArrayList<>();
    Path file;
    try (EventFileWriter w = EventFileWriter.create(tmp.resolve("runs/r1"))) {
      file = w.file();
      w.text("args", 0, "{\"learning_rate\": 0.0001, \"note\": \"ünïcode\"}");
      for (int step = 1; step <= 300; step++) {
        float v = (float) (random.nextGaussian() * Math.pow(10, random.nextInt(12) - 6));
        values.add(v);
        w.scalar("train/loss", step, v);
      }
      w.scalar("eval/wer", 300, 0.25);
    }
    assertTrue(file.getFileName().toString().matches("events\\.out\\.tfevents\\.\\d{10}\\..+\\.\\d+\\.\\d+"), file.toString());
    List<EventFileReader.Event> events = EventFileReader.read(file);
    assertEquals(1 + 1 + 300 + 1, events.size());
    assertEquals("brain.Event:2", events.get(0).fileVersion());
    assertTrue(Math.abs(events.get(0).wallTime() - System.currentTimeMillis() / 1000.0) < 3600, "wall time in seconds");
    assertEquals("args", events.get(1).tag());
    assertEquals("{\"learning_rate\": 0.0001, \"note\": \"ünïcode\"}", events.get(1).text());
    for (int i = 0; i < 300; i++) {
      EventFileReader.Event e = events.get(2 + i);
      assertEquals("train/loss", e.tag());
      assertEquals(i + 1, e.step());
      assertEquals(values.get(i), e.scalar(), "step " + (i + 1));
    }
    assertEquals("eval/wer", events.get(302).tag());
    assertEquals(0.25f, events.get(302).scalar());
  }

  @Test
  void aFlippedByteIsCaughtByTheChecksum() throws IOException {
    Path file;
    try (EventFileWriter w = EventFileWriter.create(tmp)) {
      file = w.file();
      w.scalar("train/loss", 1, 1.5);
    }
    byte[] bytes = Files.readAllBytes(file);
    bytes[bytes.length - 6] ^= 1; // inside the scalar's data
    Files.write(file, bytes);
    IOException e = assertThrows(IOException.class, () -> EventFileReader.read(file));
    assertTrue(e.getMessage().contains("bad data checksum"), e.getMessage());
  }

  @Test
  void pythonsStandardLibraryReadsTheSameEvents() throws Exception {
    Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/python3")), "needs /usr/bin/python3 for the second reader");
    Path file;
    try (EventFileWriter w = EventFileWriter.create(tmp)) {
      file = w.file();
      w.text("args", 0, "{}");
      w.scalar("train/learning_rate", 7, 9.8e-5);
      w.scalar("train/loss", 7, 3.25);
    }
    Process p = new ProcessBuilder("/usr/bin/python3", Goldens.resource("tensorboard/read_events.py").toString(), file.toString())
        .redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(60, TimeUnit.SECONDS));
    assertEquals(0, p.exitValue(), out);
    List<JsonNode> lines = out.lines().map(Json::parse).toList();
    assertEquals(4, lines.size(), out);
    assertEquals("brain.Event:2", lines.get(0).get("file_version").asText());
    assertEquals("args", lines.get(1).get("tag").asText());
    assertEquals("{}", lines.get(1).get("text").asText());
    assertEquals("train/learning_rate", lines.get(2).get("tag").asText());
    assertEquals(7, lines.get(2).get("step").asLong());
    assertEquals((double) (float) 9.8e-5, lines.get(2).get("simple_value").asDouble(), 0.0);
    assertEquals(3.25, lines.get(3).get("simple_value").asDouble(), 0.0);
  }
}
