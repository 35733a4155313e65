package org.rnnt4j.util;

/** A problem with a configuration file or value, naming the key path (e.g. {@code model.encoder.jasper[3].filters}) and the file. */
public final class ConfigException extends RuntimeException {
  public ConfigException(String message) {
    super(message);
  }

  public ConfigException(String message, Throwable cause) {
    super(message, cause);
  }
}
