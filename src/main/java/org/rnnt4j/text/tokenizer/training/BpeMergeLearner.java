package org.rnnt4j.text.tokenizer.training;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The merge loop of SentencePiece's BPE trainer ({@code bpe::Trainer::Train},
 * bpe_model_trainer.cc): every adjacent symbol pair of every word is a candidate; each step merges
 * the most frequent candidate everywhere it occurs (ties: fewer characters, then code-point order)
 * and updates the neighbouring pairs.
 *
 * <p>The bookkeeping mirrors the C++ code because it decides the result: a candidate's frequency is
 * cached and recomputed only after a neighbouring merge resets it; the search scans only an
 * "active" set, rebuilt every 100 merges from the most frequent 5% of all symbols (at least 1000);
 * a pair that spells an already chosen piece is dropped; an overlapping pair in "aaa" is counted
 * once, and a place dropped that way is not counted again later (so this is not a plain recount);
 * when nothing occurs any more, zero-frequency leftovers are still taken, as spm does with {@code
 * hard_vocab_limit=false}.
 *
 * <p>Two orders the C++ code leaves to memory layout are replaced by creation order: ties in
 * frequency at the cut of the active set (hash-map order there) and two different symbols with the
 * same text and frequency (pointer order there). Either matters only in rare ties.
 */
public final class BpeMergeLearner {
  private static final int UPDATE_ACTIVE_INTERVAL = 100;
  private static final int MIN_ACTIVE_SIZE = 1000;
  private static final float TOP_FREQUENT_RATIO = 0.05f;

  /** Bigram fingerprints start above the largest code point, which is a character's fingerprint. */
  private static final long FIRST_PAIR_FINGERPRINT = 0x110000L;

  private final long[] wordFreq;
  private final BpeSymbol[][] symbols;
  private final Map<Integer, Long> requiredChars;
  private final PieceValidator validator;
  private final Map<Long, BpeSymbol> cache = new HashMap<>();
  private final Map<Long, Long> pairFingerprints = new HashMap<>();

  /**
   * Pairs known to spell an invalid piece (the C++ code re-checks them; the answer never changes).
   */
  private final Set<Long> invalidPairs = new HashSet<>();

  private final Set<BpeSymbol> active = new HashSet<>();
  private long serial;

  BpeMergeLearner(
      List<TrainingCorpus.Weighted> words,
      Map<Integer, Long> requiredChars,
      PieceValidator validator) {
    this.requiredChars = requiredChars;
    this.validator = validator;
    this.wordFreq = new long[words.size()];
    this.symbols = new BpeSymbol[words.size()][];
    for (int sid = 0; sid < words.size(); sid++) {
      wordFreq[sid] = words.get(sid).freq();
      int[] chars = words.get(sid).text().codePoints().toArray();
      symbols[sid] = new BpeSymbol[chars.length];
      for (int i = 0; i < chars.length; i++) {
        symbols[sid][i] = charSymbol(chars[i]);
      }
    }
    for (int sid = 0; sid < symbols.length; sid++) {
      for (int i = 1; i < symbols[sid].length; i++) {
        addNewPair(sid, i - 1, i);
      }
    }
  }

  /**
   * Runs up to {@code merges} merges.
   *
   * @return the merged pieces in order (fewer when no candidate is left)
   */
  public List<String> learn(int merges) {
    List<String> pieces = new ArrayList<>(merges);
    Set<String> chosen = new HashSet<>();
    while (pieces.size() < merges) {
      if (pieces.size() % UPDATE_ACTIVE_INTERVAL == 0) {
        updateActiveSymbols();
      }
      BpeSymbol best = null;
      for (BpeSymbol s : active) {
        computeFreq(s);
        if (best == null || isBetter(s, best)) {
          best = s;
        }
      }
      if (best == null) {
        break;
      }
      if (chosen.add(best.text())) {
        pieces.add(best.text());
        merge(best);
      }
      cache.remove(best.fingerprint);
      active.remove(best);
    }
    return pieces;
  }

  /**
   * Higher frequency, then fewer characters, then smaller text; creation order settles the rest.
   */
  private static boolean isBetter(BpeSymbol s, BpeSymbol best) {
    if (s.freq != best.freq) {
      return s.freq > best.freq;
    }
    if (s.chars.length != best.chars.length) {
      return s.chars.length < best.chars.length;
    }
    int c = s.compareText(best);
    return c != 0 ? c < 0 : s.serial < best.serial;
  }

  /**
   * Replaces every counted occurrence of {@code best}'s pair and updates the neighbouring pairs.
   */
  private void merge(BpeSymbol best) {
    best.positions.sort();
    for (int k = 0; k < best.positions.size(); k++) {
      long pos = best.positions.get(k);
      int sid = BpeSymbol.sentenceOf(pos);
      int left = BpeSymbol.leftOf(pos);
      int right = BpeSymbol.rightOf(pos);
      if (symbols[sid][left] == null) {
        continue; // merged away earlier in this loop, when left and right symbols are equal
      }
      if (symbols[sid][right] == null) {
        throw new IllegalStateException(
            "BPE bookkeeping broken at sentence " + sid + " index " + right);
      }
      int next = nextIndex(sid, right);
      int prev = prevIndex(sid, left);
      resetFreq(sid, prev, left, best);
      resetFreq(sid, right, next, best);
      symbols[sid][left] = best;
      symbols[sid][right] = null;
      addNewPair(sid, prev, left);
      addNewPair(sid, left, next);
    }
  }

  /** Rebuilds the active set from the most frequent bigrams ({@code UpdateActiveSymbols}). */
  private void updateActiveSymbols() {
    List<BpeSymbol> bigrams = new ArrayList<>();
    for (BpeSymbol s : cache.values()) {
      if (s.isBigram()) {
        computeFreq(s);
        bigrams.add(s);
      }
    }
    int size =
        Math.min(
            Math.max(MIN_ACTIVE_SIZE, (int) (cache.size() * TOP_FREQUENT_RATIO)), bigrams.size());
    // The C++ partial sort leaves ties at the cut in hash order; creation order stands in for it.
    bigrams.sort(
        (a, b) ->
            a.freq != b.freq ? Long.compare(b.freq, a.freq) : Long.compare(a.serial, b.serial));
    active.clear();
    active.addAll(bigrams.subList(0, size));
  }

  /** Recounts a symbol whose frequency was reset, dropping stale and overlapping positions. */
  private void computeFreq(BpeSymbol s) {
    if (s.freq > 0) {
      return;
    }
    PositionSet positions = s.positions;
    positions.sort();
    int prevSid = -1;
    int prevRight = 0;
    int kept = 0;
    for (int k = 0; k < positions.size(); k++) {
      long pos = positions.get(k);
      int sid = BpeSymbol.sentenceOf(pos);
      int left = BpeSymbol.leftOf(pos);
      int right = BpeSymbol.rightOf(pos);
      if ((sid == prevSid && left == prevRight)
          || s.left != symbols[sid][left]
          || s.right != symbols[sid][right]) {
        prevSid = -1;
        prevRight = 0;
      } else {
        s.freq += wordFreq[sid];
        prevSid = sid;
        prevRight = right;
        positions.set(kept++, pos);
      }
    }
    positions.truncate(kept);
  }

  private int nextIndex(int sid, int index) {
    for (int i = index + 1; i < symbols[sid].length; i++) {
      if (symbols[sid][i] != null) {
        return i;
      }
    }
    return -1;
  }

  private int prevIndex(int sid, int index) {
    for (int i = index - 1; i >= 0; i--) {
      if (symbols[sid][i] != null) {
        return i;
      }
    }
    return -1;
  }

  private void addNewPair(int sid, int left, int right) {
    if (left == -1 || right == -1) {
      return;
    }
    BpeSymbol pair = pairSymbol(symbols[sid][left], symbols[sid][right]);
    if (pair != null) {
      active.add(pair);
      pair.positions.add(BpeSymbol.encodePosition(sid, left, right));
    }
  }

  private void resetFreq(int sid, int left, int right, BpeSymbol best) {
    if (left == -1 || right == -1) {
      return;
    }
    BpeSymbol pair = pairSymbol(symbols[sid][left], symbols[sid][right]);
    if (pair != null && pair != best) {
      pair.freq = 0;
    }
  }

  private BpeSymbol charSymbol(int c) {
    long freq = requiredChars.getOrDefault(c, 1L);
    BpeSymbol cached = cache.get((long) c);
    if (cached != null) {
      return cached;
    }
    BpeSymbol s =
        new BpeSymbol(null, null, new int[] {c}, c == PieceValidator.UNK_CHAR, c, freq, serial++);
    cache.put((long) c, s);
    return s;
  }

  /**
   * The cached bigram of two symbols, created on first use; null when it would be an invalid piece.
   */
  private BpeSymbol pairSymbol(BpeSymbol left, BpeSymbol right) {
    if (left == null || right == null || left.isUnk || right.isUnk) {
      return null;
    }
    long key = (left.fingerprint << 32) | right.fingerprint;
    Long fingerprint = pairFingerprints.get(key);
    if (fingerprint != null) {
      BpeSymbol cached = cache.get(fingerprint);
      if (cached != null) {
        return cached;
      }
    }
    if (invalidPairs.contains(key)) {
      return null;
    }
    int[] chars = new int[left.chars.length + right.chars.length];
    System.arraycopy(left.chars, 0, chars, 0, left.chars.length);
    System.arraycopy(right.chars, 0, chars, left.chars.length, right.chars.length);
    if (!validator.isValid(chars)) {
      invalidPairs.add(key);
      return null;
    }
    if (fingerprint == null) {
      fingerprint = FIRST_PAIR_FINGERPRINT + pairFingerprints.size();
      pairFingerprints.put(key, fingerprint);
    }
    BpeSymbol s = new BpeSymbol(left, right, chars, false, fingerprint, 0, serial++);
    cache.put(fingerprint, s);
    return s;
  }
}
