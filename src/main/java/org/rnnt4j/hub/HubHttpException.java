package org.rnnt4j.hub;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The Hub answered a request with an error status. Callers that try several repositories (a NeMo
 * pretrained name under its possible ids) tell "not there" ({@link #notFound()}) from other failures.
 */
public final class HubHttpException extends UncheckedIOException {
  private final int status;

  public HubHttpException(int status, String message) {
    super(new IOException(message));
    this.status = status;
  }

  /** The HTTP status code. */
  public int status() {
    return status;
  }

  /** 404: no such repository, revision or file (the Hub also answers 401 for unknown repositories without a token). */
  public boolean notFound() {
    return status == 404;
  }

  @Override
  public String getMessage() {
    return getCause().getMessage();
  }
}
