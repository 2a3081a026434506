package dev.cairn.launcher;

/** A started process did not become ready in the time it was given (it is still running). */
final class ReadinessTimeoutException extends IllegalStateException {
  ReadinessTimeoutException(String message) {
    super(message);
  }
}
