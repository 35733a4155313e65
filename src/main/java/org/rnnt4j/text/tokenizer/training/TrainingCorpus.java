package org.rnnt4j.text.tokenizer.training;

import org.rnnt4j.text.tokenizer.normalize.Normalizer;
import org.rnnt4j.text.tokenizer.normalize.PrefixMatcher;
import org.rnnt4j.text.tokenizer.normalize.Utf8;
import org.rnnt4j.text.tokenizer.proto.NormalizerSpec;
import org.rnnt4j.text.tokenizer.proto.TrainerSpec;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.rnnt4j.util.DataException;

/**
 * The training sentences after SentencePiece's preprocessing, as {@code
 * TrainerInterface::LoadSentences} and {@code SplitSentencesByWhitespace} (trainer_interface.cc):
 * lines longer than {@code max_sentence_length} bytes or holding the unknown marker U+2585 are
 * skipped; each sentence is normalized and meta pieces in it become tabs; the characters that make
 * up {@code character_coverage} of all characters (most frequent first) are required, the rest
 * become U+2585; finally sentences are split into words counted by frequency.
 */
public final class TrainingCorpus {
  /** A sentence or word with how often it occurs. */
  record Weighted(String text, long freq) {}

  /** Seed of SentencePiece's sentence sampler ({@code SentenceSelector}). */
  private static final long SAMPLER_SEED = 12345678L;

  private final List<Weighted> sentences;
  private final Map<Integer, Long> requiredChars;

  private TrainingCorpus(List<Weighted> sentences, Map<Integer, Long> requiredChars) {
    this.sentences = sentences;
    this.requiredChars = requiredChars;
  }

  /**
   * @param lines UTF-8 lines (without the newline)
   * @param metaPieces texts replaced by a tab after normalisation (so they never join a piece)
   * @param source names the input in error messages
   * @throws DataException when no usable sentence remains
   * @throws IllegalArgumentException when the vocabulary cannot hold the required characters
   */
  static TrainingCorpus load(
      Iterator<byte[]> lines,
      TrainerSpec spec,
      NormalizerSpec normalizerSpec,
      Collection<String> metaPieces,
      String source) {
    List<byte[]> raw = select(lines, spec);
    if (raw.isEmpty()) {
      throw new DataException(
          source, -1, "no training sentence: the input is empty or every line was skipped");
    }
    Normalizer normalizer =
        new Normalizer(normalizerSpec, spec.treatWhitespaceAsSuffix(), List.of());
    PrefixMatcher meta = new PrefixMatcher(metaPieces);
    List<Weighted> sentences = new ArrayList<>(raw.size());
    for (byte[] line : raw) {
      sentences.add(new Weighted(meta.replaceAll(normalizer.normalize(line), "\t"), 1));
    }
    // Empty sentences are swapped with the last one and dropped, without re-checking the swapped
    // one.
    for (int i = 0; i < sentences.size(); i++) {
      if (sentences.get(i).text().indexOf(' ') >= 0) {
        throw new DataException(
            source, -1, "normalized sentence contains a space; escape_whitespaces must be on");
      }
      if (sentences.get(i).text().isEmpty()) {
        Collections.swap(sentences, i, sentences.size() - 1);
        sentences.remove(sentences.size() - 1);
      }
    }
    Map<Integer, Long> required = requiredChars(sentences, spec);
    int metaCount = MetaPieces.of(spec).size();
    if (required.size() + metaCount > spec.vocabSize()) {
      throw new IllegalArgumentException(
          "vocabulary size "
              + spec.vocabSize()
              + " is smaller than the "
              + required.size()
              + " required characters plus "
              + metaCount
              + " meta pieces; increase vocab_size or decrease character_coverage");
    }
    List<Weighted> replaced = new ArrayList<>(sentences.size());
    for (Weighted w : sentences) {
      StringBuilder b = new StringBuilder(w.text().length());
      w.text()
          .codePoints()
          .forEach(c -> b.appendCodePoint(required.containsKey(c) ? c : PieceValidator.UNK_CHAR));
      replaced.add(new Weighted(b.toString(), w.freq()));
    }
    return new TrainingCorpus(replaced, required);
  }

  /** The lines SentencePiece keeps, with {@code input_sentence_size} sampling when set. */
  private static List<byte[]> select(Iterator<byte[]> lines, TrainerSpec spec) {
    long limit = spec.inputSentenceSize();
    boolean shuffle = spec.shuffleInputSentence();
    byte[] unkMarker =
        new String(Character.toChars(PieceValidator.UNK_CHAR)).getBytes(StandardCharsets.UTF_8);
    SplittableRandom random = new SplittableRandom(SAMPLER_SEED);
    List<byte[]> kept = new ArrayList<>();
    long total = 0;
    while (lines.hasNext()) {
      byte[] line = lines.next();
      if (line.length == 0 || line.length > spec.maxSentenceLength() || contains(line, unkMarker)) {
        continue;
      }
      total++;
      if (limit <= 0 || kept.size() < limit) {
        kept.add(line);
        if (limit > 0 && !shuffle && kept.size() >= limit) {
          break;
        }
      } else if (shuffle) {
        // Reservoir sampling; not SentencePiece's mt19937 draw, so the sample differs from spm's.
        long n = random.nextLong(total);
        if (n < kept.size()) {
          kept.set((int) n, line);
        }
      }
    }
    return kept;
  }

  private static boolean contains(byte[] s, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= s.length; i++) {
      for (int k = 0; k < needle.length; k++) {
        if (s[i + k] != needle[k]) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }

  /**
   * Characters by (required flag, count) descending, then code point, taken until the coverage
   * reached (computed in float like the C++ code) meets {@code character_coverage}; tabs are
   * counted but skipped.
   */
  private static Map<Integer, Long> requiredChars(List<Weighted> sentences, TrainerSpec spec) {
    Map<Integer, long[]> counts = new HashMap<>(); // code point -> {isRequired, count}
    spec.requiredChars()
        .codePoints()
        .filter(c -> c != 0)
        .forEach(c -> counts.computeIfAbsent(c, k -> new long[2])[0] = 1);
    long all = 0;
    for (Weighted w : sentences) {
      for (int c : w.text().codePoints().toArray()) {
        if (!Utf8.isValidCodePoint(c) || c == 0) {
          continue;
        }
        counts.computeIfAbsent(c, k -> new long[2])[1] += w.freq();
        all += w.freq();
      }
    }
    List<Map.Entry<Integer, long[]>> sorted = new ArrayList<>(counts.entrySet());
    sorted.sort(
        Comparator.<Map.Entry<Integer, long[]>>comparingLong(e -> -e.getValue()[0])
            .thenComparingLong(e -> -e.getValue()[1])
            .thenComparingInt(Map.Entry::getKey));
    Map<Integer, Long> required = new LinkedHashMap<>();
    long accumulated = 0;
    for (Map.Entry<Integer, long[]> e : sorted) {
      float coverage = (float) (1.0 * accumulated / all);
      if (!spec.useAllVocab() && coverage >= spec.characterCoverage()) {
        break;
      }
      accumulated += e.getValue()[1];
      if (e.getKey() == PieceValidator.UPP_BOUNDARY_CHAR) {
        continue;
      }
      required.put(e.getKey(), e.getValue()[1]);
    }
    return required;
  }

  /** Sentences after preprocessing, one per input line (order as SentencePiece leaves it). */
  List<Weighted> sentences() {
    return sentences;
  }

  /**
   * Words with their total frequency, most frequent first, then in code-point order ({@code
   * Sorted(tokens)} after {@code SplitIntoWords}).
   */
  List<Weighted> words(TrainerSpec spec) {
    Map<String, Long> tokens = new HashMap<>();
    for (Weighted s : sentences) {
      for (String w :
          WordSplitter.split(
              s.text(), spec.treatWhitespaceAsSuffix(), spec.allowWhitespaceOnlyPieces())) {
        tokens.merge(w, s.freq(), Long::sum);
      }
    }
    List<Weighted> words = new ArrayList<>(tokens.size());
    tokens.forEach((w, f) -> words.add(new Weighted(w, f)));
    words.sort(
        Comparator.comparingLong((Weighted w) -> -w.freq())
            .thenComparing(Weighted::text, Utf8.CODE_POINT_ORDER));
    return words;
  }

  /** Required characters with their counts, most frequent first, then by code point. */
  Map<Integer, Long> requiredChars() {
    return Collections.unmodifiableMap(requiredChars);
  }
}
