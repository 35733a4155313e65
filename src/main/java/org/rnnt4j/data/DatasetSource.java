package org.rnnt4j.data;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * A dataset that {@code --dataset_name} names, whatever its layout: a Hub repository of Parquet shards
 * ({@link HubDataset}, also when found in the Hugging Face cache) or a {@code datasets.save_to_disk}
 * folder ({@code data.arrow.SaveToDiskDataset}). Rows come out as {@link Utterance}s in split order.
 */
public interface DatasetSource {
  /** A name for messages: the folder, and the repository id when it came from the Hub cache. */
  String description();

  List<String> splits();

  /** Rows in a split, without reading the data. */
  long numRows(String split);

  /**
   * Streams the utterances of a split expression ({@code train.clean.100+train.clean.360}, {@code
   * validation[:10%]}), in order.
   *
   * @throws IllegalArgumentException for a malformed expression
   * @throws org.rnnt4j.util.DataException for an unknown split (listing the known ones) or bad rows (all of
   *     them, reported together)
   */
  void forEach(String splitExpression, Consumer<Utterance> sink);

  /** All utterances of a split expression, in order (for small splits: a large one belongs in forEach). */
  default List<Utterance> load(String splitExpression) {
    List<Utterance> out = new ArrayList<>();
    forEach(splitExpression, out::add);
    return out;
  }
}
