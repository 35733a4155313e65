package org.rnnt4j.audio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Data loaders decode on several threads at once: the shared FFmpeg I/O callbacks must route each
 * read to its own buffer, so concurrent decodes give exactly the single-threaded results.
 */
class ConcurrentDecodingTest {
  @Test
  void concurrentDecodesMatchSequentialOnes() throws Exception {
    String[] names = {"stereo.opus", "stereo.mp3", "ls4s_vorbis.ogg", "2412-153948-0000.flac"};
    List<float[]> expected = new ArrayList<>();
    List<byte[]> files = new ArrayList<>();
    for (String name : names) {
      files.add(AudioFixtures.bytes(name));
      expected.add(AudioDecoder.decode(files.get(files.size() - 1), name).interleaved());
    }
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<float[]>> results = new ArrayList<>();
      for (int i = 0; i < 40; i++) {
        int which = i % names.length;
        results.add(
            pool.submit(() -> AudioDecoder.decode(files.get(which), names[which]).interleaved()));
      }
      for (int i = 0; i < results.size(); i++) {
        assertArrayEquals(
            expected.get(i % names.length), results.get(i).get(), names[i % names.length]);
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
