package org.rnnt4j.data.text;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.rnnt4j.data.FilterReport;
import org.rnnt4j.data.Filtered;
import org.rnnt4j.data.Utterance;
import org.rnnt4j.data.UtteranceFilter;

/**
 * Drops utterances whose whole raw transcript, lower-cased, is a marker the datasets use for segments not
 * to be scored ({@code ignore_time_segment_in_scoring}, {@code <noise>}, {@code [laughter]}, the empty
 * string, and every dataset's disfluency tokens): the recipe's {@code is_target_labels}, applied to every
 * dataset before any other clean-up. The report counts each marker dropped.
 */
public final class IgnoredSegmentFilter implements UtteranceFilter {
  private static final Set<String> IGNORED = new HashSet<>(TranscriptTokens.IGNORED_SEGMENTS);

  public static boolean isIgnored(String rawText) {
    return IGNORED.contains(rawText.toLowerCase(Locale.ROOT));
  }

  @Override
  public Filtered apply(List<Utterance> utterances) {
    FilterReport.Counter counter = new FilterReport.Counter("ignored segment");
    List<Utterance> kept = new ArrayList<>();
    for (Utterance u : utterances) {
      counter.examined();
      if (isIgnored(u.text())) {
        counter.dropped(u.text().isEmpty() ? "empty transcript" : u.text().toLowerCase(Locale.ROOT));
      } else {
        kept.add(u);
      }
    }
    return new Filtered(kept, counter.report());
  }
}
