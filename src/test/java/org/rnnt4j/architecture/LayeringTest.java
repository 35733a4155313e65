package org.rnnt4j.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;
import org.rnnt4j.model.Transducer;
import org.rnnt4j.model.decoder.DecoderState;
import org.rnnt4j.model.decoder.Predictor;
import org.rnnt4j.model.encoder.Encoded;
import org.rnnt4j.model.encoder.Encoder;
import org.rnnt4j.model.joint.Joiner;

/**
 * The package layers of STYLE.md as this code has them: a package may use only lower layers (plus util),
 * data flows one way, packages and sub-packages form no cycles, only engine and nn touch libtorch's
 * classes, the transducer's parts meet only through their interfaces, and decoders use only the
 * transducer's verbs.
 */
class LayeringTest {
  private static final JavaClasses CLASSES =
      new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("org.rnnt4j");

  @Test
  void layersOnlyUseLowerLayers() {
    layeredArchitecture()
        .consideringOnlyDependenciesInLayers()
        .layer("util").definedBy("org.rnnt4j.util..")
        .layer("engine").definedBy("org.rnnt4j.engine..")
        .layer("config").definedBy("org.rnnt4j.config..")
        .layer("hub").definedBy("org.rnnt4j.hub..")
        .layer("progress").definedBy("org.rnnt4j.progress..")
        .layer("tensorboard").definedBy("org.rnnt4j.tensorboard..")
        .layer("nn").definedBy("org.rnnt4j.nn..")
        .layer("audio").definedBy("org.rnnt4j.audio..")
        .layer("text").definedBy("org.rnnt4j.text..")
        .layer("data").definedBy("org.rnnt4j.data..")
        .layer("features").definedBy("org.rnnt4j.features..")
        .layer("loss").definedBy("org.rnnt4j.loss..")
        .layer("metrics").definedBy("org.rnnt4j.metrics..")
        .layer("optim").definedBy("org.rnnt4j.optim..")
        .layer("distributed").definedBy("org.rnnt4j.distributed..")
        .layer("model parts").definedBy("org.rnnt4j.model.encoder..", "org.rnnt4j.model.decoder..", "org.rnnt4j.model.joint..")
        .layer("model").definedBy("org.rnnt4j.model")
        .layer("decoding").definedBy("org.rnnt4j.decoding..")
        .layer("checkpoint").definedBy("org.rnnt4j.checkpoint..")
        .layer("loading").definedBy("org.rnnt4j.loading..")
        .layer("evaluation").definedBy("org.rnnt4j.evaluation..")
        .layer("train").definedBy("org.rnnt4j.train..")
        .layer("bench").definedBy("org.rnnt4j.bench..")
        .layer("cli").definedBy("org.rnnt4j.cli..")
        .whereLayer("util").mayNotAccessAnyLayer()
        .whereLayer("engine").mayOnlyAccessLayers("util")
        .whereLayer("config").mayOnlyAccessLayers("util")
        .whereLayer("hub").mayOnlyAccessLayers("util")
        .whereLayer("progress").mayOnlyAccessLayers("util")
        .whereLayer("tensorboard").mayOnlyAccessLayers("util")
        .whereLayer("nn").mayOnlyAccessLayers("engine", "util")
        .whereLayer("audio").mayOnlyAccessLayers("util")
        .whereLayer("text").mayOnlyAccessLayers("util")
        .whereLayer("data").mayOnlyAccessLayers("audio", "text", "hub", "progress", "engine", "config", "util")
        .whereLayer("features").mayOnlyAccessLayers("nn", "engine", "config", "util")
        .whereLayer("loss").mayOnlyAccessLayers("engine", "util")
        .whereLayer("metrics").mayOnlyAccessLayers("util")
        .whereLayer("optim").mayOnlyAccessLayers("nn", "engine", "util")
        .whereLayer("distributed").mayOnlyAccessLayers("nn", "engine", "util")
        .whereLayer("model parts").mayOnlyAccessLayers("nn", "engine", "config", "util")
        .whereLayer("model").mayOnlyAccessLayers("model parts", "features", "loss", "nn", "engine", "config", "util")
        .whereLayer("decoding").mayOnlyAccessLayers("model", "model parts", "engine", "util")
        .whereLayer("checkpoint").mayOnlyAccessLayers("nn", "optim", "text", "config", "engine", "util")
        .whereLayer("loading")
        .mayOnlyAccessLayers(
            "model", "model parts", "checkpoint", "hub", "features", "text", "nn", "engine", "config", "util")
        .whereLayer("evaluation")
        .mayOnlyAccessLayers(
            "loading", "decoding", "data", "audio", "features", "model", "model parts", "loss", "metrics", "checkpoint",
            "text", "progress", "nn", "engine", "config", "util")
        .whereLayer("train")
        .mayOnlyAccessLayers(
            "evaluation", "loading", "decoding", "data", "audio", "features", "model", "model parts", "loss", "metrics",
            "optim", "distributed", "checkpoint", "text", "hub", "progress", "tensorboard", "nn", "engine", "config", "util")
        .whereLayer("bench")
        .mayOnlyAccessLayers("decoding", "model", "model parts", "features", "optim", "loss", "nn", "engine", "util")
        .whereLayer("bench").mayOnlyBeAccessedByLayers("cli")
        .whereLayer("cli").mayNotBeAccessedByAnyLayer()
        .check(CLASSES);
  }

  @Test
  void packagesAndSubPackagesFormNoCycles() {
    slices().matching("org.rnnt4j.(**)").should().beFreeOfCycles().check(CLASSES);
  }

  @Test
  void onlyEngineAndNnUseLibtorch() {
    noClasses()
        .that().resideOutsideOfPackages("org.rnnt4j.engine..", "org.rnnt4j.nn..")
        .should().dependOnClassesThat().resideInAPackage("org.bytedeco.pytorch..")
        .check(CLASSES);
  }

  @Test
  void encoderDecoderAndJointDoNotKnowEachOther() {
    noClasses().that().resideInAPackage("org.rnnt4j.model.encoder..")
        .should().dependOnClassesThat().resideInAnyPackage("org.rnnt4j.model.decoder..", "org.rnnt4j.model.joint..")
        .check(CLASSES);
    noClasses().that().resideInAPackage("org.rnnt4j.model.decoder..")
        .should().dependOnClassesThat().resideInAnyPackage("org.rnnt4j.model.encoder..", "org.rnnt4j.model.joint..")
        .check(CLASSES);
    noClasses().that().resideInAPackage("org.rnnt4j.model.joint..")
        .should().dependOnClassesThat().resideInAnyPackage("org.rnnt4j.model.encoder..", "org.rnnt4j.model.decoder..")
        .check(CLASSES);
  }

  /** Only the factories build concrete encoders, prediction networks and joints; the rest sees interfaces. */
  @Test
  void theTransducerAndItsObjectivesSeeThePartsThroughTheirInterfaces() {
    DescribedPredicate<JavaClass> concretePart =
        DescribedPredicate.describe(
            "a concrete Encoder, Predictor or Joiner",
            c -> !c.isInterface()
                && (c.isAssignableTo(Encoder.class) || c.isAssignableTo(Predictor.class) || c.isAssignableTo(Joiner.class)));
    noClasses()
        .that().resideInAnyPackage("org.rnnt4j.model", "org.rnnt4j.decoding..", "org.rnnt4j.evaluation..", "org.rnnt4j.train..")
        .and().doNotHaveSimpleName("Transducers")
        .should().dependOnClassesThat(concretePart)
        .check(CLASSES);
  }

  @Test
  void decodersUseOnlyTheTransducersVerbs() {
    DescribedPredicate<JavaClass> allowed =
        DescribedPredicate.describe(
            "the transducer, its decoder state, prediction step and encoder output",
            c -> c.isEquivalentTo(Transducer.class) || c.isEquivalentTo(DecoderState.class)
                || c.isEquivalentTo(Predictor.Step.class) || c.isEquivalentTo(Encoded.class));
    noClasses().that().resideInAPackage("org.rnnt4j.decoding..")
        .should().dependOnClassesThat(
            DescribedPredicate.describe(
                "model classes other than " + allowed.getDescription(),
                c -> c.getPackageName().startsWith("org.rnnt4j.model") && !allowed.test(c)))
        .check(CLASSES);
    noClasses().that().resideInAPackage("org.rnnt4j.decoding..")
        .should().callMethod(Transducer.class, "decoder")
        .orShould().callMethod(Transducer.class, "joint")
        .orShould().callMethod(Transducer.class, "encoder")
        .check(CLASSES);
  }
}
