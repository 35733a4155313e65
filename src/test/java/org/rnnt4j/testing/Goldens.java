package org.rnnt4j.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.net.URISyntaxException;
import org.rnnt4j.engine.Arrays;
import org.rnnt4j.engine.Tensor;
import org.rnnt4j.util.safetensors.SafeTensors;
import org.rnnt4j.util.safetensors.SafeTensorsFile;

/** Access to the golden fixtures copied into the test resources, and the tolerance they are checked with. */
public final class Goldens {
  private Goldens() {}

  /** A test resource as a file path (resources are unpacked files under target/test-classes). */
  public static Path resource(String name) {
    try {
      var url = Goldens.class.getClassLoader().getResource(name);
      if (url == null) {
        throw new IllegalStateException("missing test resource " + name);
      }
      return Paths.get(url.toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  public static SafeTensorsFile nemoGoldens(String model) {
    return SafeTensors.read(resource("nemo/" + model + ".goldens.safetensors"));
  }

  public static Tensor tensor(SafeTensorsFile file, String name) {
    return Arrays.toTensor(file.tensor(name));
  }

  /** max|a-b| / max|b|, the fixtures' tolerance measure. */
  public static double relativeError(float[] actual, float[] expected) {
    if (actual.length != expected.length) {
      throw new AssertionError("length " + actual.length + " vs expected " + expected.length);
    }
    double maxDiff = 0;
    double maxRef = 0;
    for (int i = 0; i < actual.length; i++) {
      maxDiff = Math.max(maxDiff, Math.abs((double) actual[i] - expected[i]));
      maxRef = Math.max(maxRef, Math.abs(expected[i]));
    }
    return maxRef == 0 ? maxDiff : maxDiff / maxRef;
  }

  /** Asserts the shapes are equal and the relative error is at most {@code tolerance}; returns the error. */
  public static double assertClose(Tensor actual, Tensor expected, double tolerance, String what) {
    if (!java.util.Arrays.equals(actual.shape(), expected.shape())) {
      throw new AssertionError(
          what + ": shape " + actual.shapeString() + " vs expected " + expected.shapeString());
    }
    double err = relativeError(actual.toFloatArray(), expected.toFloatArray());
    System.out.printf("%s: relative error %.3g%n", what, err);
    if (!(err <= tolerance)) {
      throw new AssertionError(what + ": relative error " + err + " > " + tolerance);
    }
    return err;
  }

  public static String readString(String name) {
    try (InputStream in = Files.newInputStream(resource(name))) {
      return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
