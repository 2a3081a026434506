package dev.cairn.server.data;

/**
 * An open query over a model's records in {@code _id} order, read a page at a time. Holds a
 * database cursor until {@link #close}d. Not thread-safe: one request reads it at a time.
 */
public interface RecordCursor extends AutoCloseable {
  /**
   * The next up to {@code limit} records; {@link Page#lastId()} is present when more follow, and is
   * the {@code _id} after which they start.
   */
  Page next(int limit);

  /** Releases the database cursor; never throws. */
  @Override
  void close();
}
