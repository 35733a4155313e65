package org.rnnt4j.metrics;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.rnnt4j.util.Checks;

/**
 * The word alignment of one reference and hypothesis as jiwer's {@code process_words(...).alignments}
 * gives it: the words split as its default transform, rapidfuzz's edit operations ({@link
 * RapidfuzzAlignment}), grouped as rapidfuzz's {@code Opcodes.from_editops} groups them (a run of one
 * operation on consecutive positions is one chunk, the gaps between edits are {@code equal} chunks).
 *
 * @param reference the reference's words
 * @param hypothesis the hypothesis' words
 * @param chunks in reading order
 */
public record WordAlignment(List<String> reference, List<String> hypothesis, List<AlignmentChunk> chunks) {
  public WordAlignment {
    reference = List.copyOf(reference);
    hypothesis = List.copyOf(hypothesis);
    chunks = List.copyOf(chunks);
  }

  public static WordAlignment of(String reference, String hypothesis) {
    List<String> ref = JiwerText.words(Checks.notNull(reference, "reference"));
    List<String> hyp = JiwerText.words(Checks.notNull(hypothesis, "hypothesis"));
    Map<String, Integer> ids = new HashMap<>();
    List<RapidfuzzAlignment.Op> ops = RapidfuzzAlignment.operations(ids(ref, ids), ids(hyp, ids));
    List<AlignmentChunk> chunks = new ArrayList<>();
    int i = 0;
    int j = 0;
    int k = 0;
    while (k < ops.size()) {
      RapidfuzzAlignment.Op op = ops.get(k);
      int refStart = i;
      int hypStart = j;
      while (k < ops.size() && ops.get(k) == op) {
        i += op == RapidfuzzAlignment.Op.INSERTION ? 0 : 1;
        j += op == RapidfuzzAlignment.Op.DELETION ? 0 : 1;
        k++;
      }
      chunks.add(new AlignmentChunk(type(op), refStart, i, hypStart, j));
    }
    return new WordAlignment(ref, hyp, chunks);
  }

  private static AlignmentChunk.Type type(RapidfuzzAlignment.Op op) {
    return switch (op) {
      case HIT -> AlignmentChunk.Type.EQUAL;
      case SUBSTITUTION -> AlignmentChunk.Type.SUBSTITUTE;
      case INSERTION -> AlignmentChunk.Type.INSERT;
      case DELETION -> AlignmentChunk.Type.DELETE;
    };
  }

  private static int[] ids(List<String> words, Map<String, Integer> ids) {
    int[] out = new int[words.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = ids.computeIfAbsent(words.get(i), w -> ids.size());
    }
    return out;
  }
}
