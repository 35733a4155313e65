package org.rnnt4j.util;

/**
 * Guava-style precondition checks. Caller mistakes throw {@link IllegalArgumentException} or {@link
 * IllegalStateException} with a message that says what was got and what was expected.
 */
public final class Checks {
  private Checks() {}

  /** Throws {@link IllegalArgumentException} with {@code String.format(template, args)} unless {@code condition}. */
  public static void argument(boolean condition, String template, Object... args) {
    if (!condition) {
      throw new IllegalArgumentException(String.format(template, args));
    }
  }

  /** Throws {@link IllegalStateException} with {@code String.format(template, args)} unless {@code condition}. */
  public static void state(boolean condition, String template, Object... args) {
    if (!condition) {
      throw new IllegalStateException(String.format(template, args));
    }
  }

  /** Returns {@code value}, or throws {@link NullPointerException} naming {@code what}. */
  public static <T> T notNull(T value, String what) {
    if (value == null) {
      throw new NullPointerException(what + " must not be null");
    }
    return value;
  }
}
