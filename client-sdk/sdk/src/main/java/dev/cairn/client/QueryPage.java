package dev.cairn.client;

/** A page of a local query: the zero-based page {@code index} of {@code size} records. */
public record QueryPage(int index, int size) {
  public QueryPage {
    if (index < 0 || size <= 0) {
      throw new IllegalArgumentException(
          "page index must be >= 0 and size > 0, got index " + index + " size " + size);
    }
  }

  public static QueryPage first(int size) {
    return new QueryPage(0, size);
  }
}
