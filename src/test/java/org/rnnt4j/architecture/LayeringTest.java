package org.rnnt4j.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The package layers of STYLE.md: a package may use only lower layers (plus util), data flows one way,
 * and only engine and nn touch libtorch's classes.
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
        .layer("nn").definedBy("org.rnnt4j.nn..")
        .layer("audio").definedBy("org.rnnt4j.audio..")
        .layer("text").definedBy("org.rnnt4j.text..")
        .layer("data").definedBy("org.rnnt4j.data..")
        .layer("features").definedBy("org.rnnt4j.features..")
        .layer("loss").definedBy("org.rnnt4j.loss..")
        .layer("metrics").definedBy("org.rnnt4j.metrics..")
        .layer("optim").definedBy("org.rnnt4j.optim..")
        .layer("model parts").definedBy("org.rnnt4j.model.encoder..", "org.rnnt4j.model.decoder..", "org.rnnt4j.model.joint..")
        .layer("model").definedBy("org.rnnt4j.model")
        .layer("decoding").definedBy("org.rnnt4j.decoding..")
        .layer("checkpoint").definedBy("org.rnnt4j.checkpoint..")
        .layer("train").definedBy("org.rnnt4j.train..")
        .layer("bench").definedBy("org.rnnt4j.bench..")
        .layer("cli").definedBy("org.rnnt4j.cli..")
        .whereLayer("util").mayNotAccessAnyLayer()
        .whereLayer("engine").mayOnlyAccessLayers("util")
        .whereLayer("config").mayOnlyAccessLayers("util")
        .whereLayer("nn").mayOnlyAccessLayers("engine", "util")
        .whereLayer("audio").mayOnlyAccessLayers("util")
        .whereLayer("text").mayOnlyAccessLayers("util")
        .whereLayer("data").mayOnlyAccessLayers("config", "util")
        .whereLayer("features").mayOnlyAccessLayers("nn", "engine", "config", "util")
        .whereLayer("loss").mayOnlyAccessLayers("engine", "util")
        .whereLayer("metrics").mayOnlyAccessLayers("util")
        .whereLayer("optim").mayOnlyAccessLayers("nn", "engine", "util")
        .whereLayer("model parts").mayOnlyAccessLayers("nn", "engine", "config", "util")
        .whereLayer("model").mayOnlyAccessLayers("model parts", "features", "loss", "nn", "engine", "config", "util")
        .whereLayer("decoding").mayOnlyAccessLayers("model", "model parts", "nn", "engine", "util")
        .whereLayer("checkpoint").mayOnlyAccessLayers("nn", "optim", "text", "config", "engine", "util")
        .whereLayer("train")
        .mayOnlyAccessLayers(
            "audio", "data", "features", "model", "model parts", "loss", "decoding", "metrics", "optim", "checkpoint",
            "text", "nn", "engine", "config", "util")
        .whereLayer("bench")
        .mayOnlyAccessLayers("model", "model parts", "loss", "nn", "engine", "util")
        .whereLayer("bench").mayOnlyBeAccessedByLayers("cli")
        .whereLayer("cli").mayNotBeAccessedByAnyLayer()
        .check(CLASSES);
  }

  @Test
  void onlyEngineAndNnUseLibtorch() {
    noClasses()
        .that().resideOutsideOfPackages("org.rnnt4j.engine..", "org.rnnt4j.nn..")
        .should().dependOnClassesThat().resideInAPackage("org.bytedeco.pytorch..")
        .check(CLASSES);
  }
}
