package org.rnnt4j.cli;

import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.rnnt4j.hub.HubEnvironment;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParseResult;

/**
 * Flags of the Python recipe's scripts that {@code rnnt4j train} accepts so that those command lines run
 * pasted, but that change nothing here: {@link #warnings} says, for each one given, why (not implemented
 * yet, or what rnnt4j does instead). Flags the recipe declares but never reads, and flags whose effect
 * rnnt4j has anyway, pass silently. This class is the only list of them: {@link #NAMES} is read from its
 * annotations.
 */
final class RecipeCompatibilityFlags {
  private static final String BOOL = "0..1";

  /** Every name of every flag declared below. */
  static final Set<String> NAMES = names();

  @Option(names = "--wandb_project", description = "W&B project: named in the --report_to wandb hint.") String wandbProject;
  @Option(names = "--push_to_hub", arity = BOOL, fallbackValue = "true", description = "Not supported: upload output_dir with huggingface-cli upload.") Boolean pushToHub;
  @Option(names = "--use_auth_token", arity = BOOL, fallbackValue = "true", description = "Always on: HF_TOKEN (or huggingface-cli login's token) is sent to the Hub when there is one.") Boolean useAuthToken;
  @Option(names = "--length_column_name", description = "Lengths come from the decoded audio, as the recipe's input_lengths column.") String lengthColumnName;
  @Option(names = "--ignore_verifications", arity = BOOL, fallbackValue = "true", description = "Downloads are always verified (sha256).") Boolean ignoreVerifications;
  @Option(names = "--overwrite_cache", arity = BOOL, fallbackValue = "true", description = "No effect: prepared data is not cached.") Boolean overwriteCache;
  @Option(names = "--tokenizer_type", description = "spe only (SentencePiece).") String tokenizerType;
  @Option(names = "--spe_type", description = "bpe only.") String speType;
  @Option(names = "--cutoff_freq", description = "No effect yet: tokenizer character cut-off.") String cutoffFreq;
  @Option(names = "--manifest_path", description = "No effect: no intermediate manifests are written.") String manifestPath;
  @Option(names = "--torchaudio_resampler", arity = BOOL, fallbackValue = "true", description = "No effect: rnnt4j's band-limited resampler is used.") Boolean torchaudioResampler;
  @Option(names = "--add_adapter", arity = BOOL, fallbackValue = "true", description = "No effect yet: adapters.") Boolean addAdapter;

  /** One line per flag given that does not do here what it does in the recipe. */
  List<String> warnings(ParseResult parsed, HubEnvironment hub) {
    List<String> out = new ArrayList<>();
    for (var option : parsed.matchedOptions()) {
      String name = option.longestName();
      if (!NAMES.contains(name)) {
        continue;
      }
      String warning = switch (name) {
        case "--wandb_project" -> null; // part of the --report_to wandb hint
        case "--push_to_hub" -> Boolean.TRUE.equals(pushToHub)
            ? "--push_to_hub is not supported: upload output_dir yourself, e.g. `huggingface-cli upload ORG/NAME OUTPUT_DIR`" : null;
        case "--use_auth_token" -> Boolean.TRUE.equals(useAuthToken) && hub.token() == null
            ? "--use_auth_token: no token found (set HF_TOKEN or run huggingface-cli login); gated datasets will be refused" : null;
        case "--length_column_name" -> "input_lengths".equals(lengthColumnName) ? null
            : "--length_column_name " + lengthColumnName + " has no effect: --group_by_length groups by the decoded audio's length";
        case "--tokenizer_type" -> "spe".equals(tokenizerType) ? null : "--tokenizer_type " + tokenizerType + " is not supported: SentencePiece (spe) is used";
        case "--spe_type" -> "bpe".equals(speType) ? null : "--spe_type " + speType + " is not supported: BPE is used";
        case "--ignore_verifications", "--overwrite_cache", "--torchaudio_resampler", "--add_adapter" ->
            Boolean.FALSE.equals(option.getValue()) ? null : name + " has no effect: " + option.description()[0];
        default -> name + " is accepted for compatibility with the Python recipe but has no effect: " + option.description()[0];
      };
      if (warning != null) {
        out.add(warning);
      }
    }
    return out;
  }

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
