package dev.cairn.client;

/**
 * A registered listener; {@link #close()} unregisters it. Closing twice is harmless. Thread-safe.
 */
@FunctionalInterface
public interface Subscription extends AutoCloseable {
  @Override
  void close();
}
