package dev.cairn.client;

import java.util.ArrayList;
import java.util.List;

/** A sort order for local queries: fields with directions, first field first. Immutable. */
public record QuerySort(List<Key> keys) {
  public QuerySort {
    keys = List.copyOf(keys);
  }

  /** One sort key. */
  public record Key(String field, boolean ascending) {}

  public static QuerySort ascending(QueryField<?> field) {
    return new QuerySort(List.of(new Key(field.name(), true)));
  }

  public static QuerySort descending(QueryField<?> field) {
    return new QuerySort(List.of(new Key(field.name(), false)));
  }

  /** This order, then {@code field} ascending. */
  public QuerySort thenAscending(QueryField<?> field) {
    return then(new Key(field.name(), true));
  }

  /** This order, then {@code field} descending. */
  public QuerySort thenDescending(QueryField<?> field) {
    return then(new Key(field.name(), false));
  }

  private QuerySort then(Key key) {
    List<Key> all = new ArrayList<>(keys);
    all.add(key);
    return new QuerySort(all);
  }
}
