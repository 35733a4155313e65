package org.rnnt4j.cli;

import java.util.function.Function;
import org.rnnt4j.data.text.TranscriptNormalization;
import org.rnnt4j.decoding.DecodingStrategy;
import org.rnnt4j.engine.DeviceSpec;
import org.rnnt4j.loss.Reduction;
import org.rnnt4j.model.LossKind;
import org.rnnt4j.train.IntervalStrategy;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Flag values of closed sets, parsed when the command line is read: a bad value is a usage error naming
 * the flag ({@code Invalid value for option '--device': device must be auto, cpu, cuda or cuda:N, got 'tpu'})
 * before any work starts. Each converter uses the domain type's own parser, so the accepted names live
 * in one place.
 */
final class Converters {
  private Converters() {}

  /** Adapts a parser that rejects values with an IllegalArgumentException to picocli. */
  private abstract static class Parsing<T> implements ITypeConverter<T> {
    private final Function<String, T> parser;

    Parsing(Function<String, T> parser) {
      this.parser = parser;
    }

    @Override
    public T convert(String value) {
      try {
        return parser.apply(value);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }
  }

  /** {@code --optim}: Hugging Face's optimizer names that rnnt4j implements. */
  static final class Optim extends Parsing<org.rnnt4j.optim.OptimizerName> {
    Optim() {
      super(org.rnnt4j.optim.OptimizerName::parse);
    }
  }

  /** {@code --device}: auto, cpu, cuda or cuda:N. */
  static final class Device extends Parsing<DeviceSpec> {
    Device() {
      super(DeviceSpec::parse);
    }
  }

  /** {@code --transcript_normalization}: auto, none or a dataset key. */
  static final class Transcripts extends Parsing<TranscriptNormalization> {
    Transcripts() {
      super(TranscriptNormalization::parse);
    }
  }

  /** {@code --decoding_strategy}: NeMo's names. */
  static final class Decoding extends Parsing<DecodingStrategy> {
    Decoding() {
      super(DecodingStrategy::fromNemoName);
    }
  }

  /** {@code --evaluation_strategy}, {@code --save_strategy}: no, steps or epoch. */
  static final class Interval extends Parsing<IntervalStrategy> {
    Interval() {
      super(IntervalStrategy::parse);
    }
  }

  /** {@code rnnt4j loss --reduction}: NeMo's reduction names, and none. */
  static final class LossReduction extends Parsing<Reduction> {
    LossReduction() {
      super(Reduction::fromNemoName);
    }
  }

  /** {@code download --repo_type}: dataset or model. */
  static final class Repo extends Parsing<org.rnnt4j.hub.RepoType> {
    Repo() {
      super(org.rnnt4j.hub.RepoType::parse);
    }
  }

  /** {@code --lr_scheduler_type}: Hugging Face's schedule names. */
  static final class Schedule extends Parsing<org.rnnt4j.optim.ScheduleType> {
    Schedule() {
      super(org.rnnt4j.optim.ScheduleType::parseHuggingFace);
    }
  }

  /** {@code --loss}: exact or pruned. */
  static final class Loss extends Parsing<LossKind> {
    Loss() {
      super(LossKind::parse);
    }
  }
}
