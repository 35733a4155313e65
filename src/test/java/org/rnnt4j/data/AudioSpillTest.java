package org.rnnt4j.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Encoded audio stays on the heap within the budget, then goes to an unlinked file and reads back intact. */
class AudioSpillTest {
  @Test
  void spillsPastTheBudgetAndReadsBackFromAnyThread(@TempDir Path dir) throws Exception {
    AudioSpill spill = new AudioSpill(2500, dir);
    Random random = new Random(7); // seed printed for reproduction: 7
    List<byte[]> originals = new ArrayList<>();
    List<AudioRef> refs = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      byte[] b = new byte[1000 + i];
      random.nextBytes(b);
      originals.add(b);
      refs.add(spill.keep(b, "row " + i));
    }
    assertTrue(refs.get(0) instanceof AudioRef.InMemoryAudio);
    assertTrue(refs.get(1) instanceof AudioRef.InMemoryAudio);
    assertTrue(refs.get(2) instanceof AudioRef.StoredAudio, "2,002 + 1,002 bytes exceed the 2,500-byte budget");
    assertEquals(2001, spill.inMemoryBytes());
    assertEquals(originals.stream().skip(2).mapToLong(b -> b.length).sum(), spill.spilledBytes());
    IntStream.range(0, 200).parallel().forEach(k -> assertArrayEquals(originals.get(k % 10), refs.get(k % 10).readAllBytes()));
    try (var files = Files.list(dir)) {
      assertEquals(0, files.count(), "the spill file is unlinked once open");
    }
    assertEquals("row 5", refs.get(5).sourceName());
  }
}
