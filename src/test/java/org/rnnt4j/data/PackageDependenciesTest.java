package org.rnnt4j.data;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** config, metrics and data import only what their layer allows, and never libtorch. */
class PackageDependenciesTest {
  private static final JavaClasses CLASSES =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("org.rnnt4j.config", "org.rnnt4j.metrics", "org.rnnt4j.data");

  @Test
  void configUsesOnlyUtilAndSnakeYaml() {
    classes().that().resideInAPackage("org.rnnt4j.config..")
        .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "org.rnnt4j.config..", "org.rnnt4j.util..", "org.snakeyaml.engine..")
        .check(CLASSES);
  }

  @Test
  void metricsIsPureJava() {
    classes().that().resideInAPackage("org.rnnt4j.metrics..")
        .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "org.rnnt4j.metrics..", "org.rnnt4j.util..")
        .check(CLASSES);
  }

  @Test
  void dataUsesNoModelAndNoLibtorch() {
    classes().that().resideInAPackage("org.rnnt4j.data..")
        .should().onlyDependOnClassesThat()
        .resideInAnyPackage(
            "java..", "org.rnnt4j.data..", "org.rnnt4j.util..", "org.rnnt4j.config..", "org.snakeyaml.engine..", "com.fasterxml.jackson..")
        .check(CLASSES);
  }
}
