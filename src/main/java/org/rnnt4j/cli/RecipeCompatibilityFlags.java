package org.rnnt4j.cli;

import java.lang.reflect.Field;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;
import picocli.CommandLine.Option;

/**
 * Flags of the Python recipe's scripts that {@code rnnt4j train} accepts, so that those scripts run
 * unchanged, but does not implement yet; a warning names each one given. This class is the only list of
 * them: {@link #NAMES} is read from its annotations.
 */
final class RecipeCompatibilityFlags {
  private static final String BOOL = "0..1";

  /** Every name of every flag declared below. */
  static final Set<String> NAMES = names();

  @Option(names = "--run_name", description = "No effect yet: W&B run name.") String runName;
  @Option(names = "--wandb_project", description = "No effect yet: W&B project.") String wandbProject;
  @Option(names = "--report_to", description = "No effect yet: experiment trackers.") String reportTo;
  @Option(names = "--push_to_hub", arity = BOOL, fallbackValue = "true", description = "No effect yet: Hub upload.") Boolean pushToHub;
  @Option(names = "--use_auth_token", arity = BOOL, fallbackValue = "true", description = "No effect yet: Hub token.") Boolean useAuthToken;
  @Option(names = "--length_column_name", description = "No effect yet: length column (lengths come from the decoded audio).") String lengthColumnName;
  @Option(names = "--fp16", arity = BOOL, fallbackValue = "true", description = "No effect yet: mixed precision.") Boolean fp16;
  @Option(names = "--final_num_beams", description = "No effect yet: beam size of the final decoding.") Integer finalNumBeams;
  @Option(names = "--final_decoding_strategy", description = "No effect yet: final decoding strategy (greedy_batch is used).") String finalDecodingStrategy;
  @Option(names = "--ignore_verifications", arity = BOOL, fallbackValue = "true", description = "No effect yet: dataset verification.") Boolean ignoreVerifications;
  @Option(names = "--cache_dir", description = "No effect yet: model cache.") String cacheDir;
  @Option(names = "--dataset_cache_dir", description = "No effect yet: dataset cache.") String datasetCacheDir;
  @Option(names = "--overwrite_cache", arity = BOOL, fallbackValue = "true", description = "No effect yet: dataset cache.") Boolean overwriteCache;
  @Option(names = "--max_target_length", description = "No effect yet: token length filter.") Integer maxTargetLength;
  @Option(names = "--min_target_length", description = "No effect yet: token length filter.") Integer minTargetLength;
  @Option(names = "--tokenizer_type", description = "No effect yet: tokenizer type (spe).") String tokenizerType;
  @Option(names = "--spe_type", description = "No effect yet: SentencePiece type (bpe).") String speType;
  @Option(names = "--cutoff_freq", description = "No effect yet: tokenizer cut-off.") String cutoffFreq;
  @Option(names = "--manifest_path", description = "No effect yet: NeMo manifest directory.") String manifestPath;
  @Option(names = "--torchaudio_resampler", arity = BOOL, fallbackValue = "true", description = "No effect yet: resampler choice.") Boolean torchaudioResampler;
  @Option(names = "--add_adapter", arity = BOOL, fallbackValue = "true", description = "No effect yet: adapters.") Boolean addAdapter;
  @Option(names = "--text_column", description = "No effect yet: old name of --text_column_name.") String textColumn;

  private static Set<String> names() {
    Set<String> names = new LinkedHashSet<>();
    for (Field field : RecipeCompatibilityFlags.class.getDeclaredFields()) {
      Option option = field.getAnnotation(Option.class);
      if (option != null) {
        names.addAll(Arrays.asList(option.names()));
      }
    }
    return Set.copyOf(names);
  }
}
