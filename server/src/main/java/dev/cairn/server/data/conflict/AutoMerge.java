package dev.cairn.server.data.conflict;

import dev.cairn.server.changes.ChangeOperation;
import dev.cairn.spec.ConflictPolicy;
import dev.cairn.spec.Field;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.bson.Document;

/**
 * AppSync's automerge, field by field, refined by the schema's {@code @conflict} policies.
 *
 * <p>Without a policy (AppSync's rules): a field that is missing or null on the server takes the
 * incoming value; lists concatenate (stored then incoming); any other differing value keeps the
 * server's — unless the server has not changed that field since the client's version (read from the
 * journal), in which case only the client changed it and its value is taken. Amplify DataStore
 * sends only the fields a user changed, so without that refinement a stale edit of one field is
 * silently lost whenever another client changed a different field of the same record first. With a
 * policy: {@code SERVER_WINS} as the scalar rule, {@code CLIENT_WINS} takes the incoming value,
 * {@code LIST_APPEND} concatenates, {@code SET_UNION} adds the incoming elements not yet present,
 * {@code MAX} keeps the larger value, {@code COUNTER} adds the client's increment (incoming minus
 * the value at the client's version, read from the journal) to the stored value — when that base is
 * gone, the stored value is kept and the note says so. A stale delete is applied: the user deleted
 * the record, and a tombstone cannot be merged.
 */
public final class AutoMerge implements ConflictResolver {
  @Override
  public Resolution resolve(Conflict conflict) {
    if (conflict.operation() == ChangeOperation.DELETE) {
      return new Resolution.Apply(Map.of(), "stale delete applied");
    }
    Document current = conflict.current();
    Map<String, Object> merged = new LinkedHashMap<>();
    List<String> notes = new ArrayList<>();
    Supplier<Optional<Document>> base = memoized(conflict.base());
    for (Map.Entry<String, Object> entry : conflict.incoming().entrySet()) {
      String name = entry.getKey();
      Optional<Field> field = conflict.model().field(name);
      if (field.isEmpty() || conflict.model().primaryKey().fields().contains(name)) {
        continue;
      }
      Object stored = current.get(name);
      Object incoming = entry.getValue();
      Optional<ConflictPolicy> policy = field.get().conflictPolicy();
      if (policy.isEmpty()
          && !field.get().type().list()
          && stored != null
          && !sameValue(stored, incoming)
          && base.get().filter(b -> sameValue(b.get(name), stored)).isPresent()) {
        merged.put(name, incoming);
        continue;
      }
      merged.put(
          name, merge(policy, field.get().type().list(), stored, incoming, name, conflict, notes));
    }
    return new Resolution.Apply(merged, String.join("; ", notes));
  }

  private static Object merge(
      Optional<ConflictPolicy> policy,
      boolean list,
      Object stored,
      Object incoming,
      String name,
      Conflict conflict,
      List<String> notes) {
    ConflictPolicy rule =
        policy.orElse(list ? ConflictPolicy.LIST_APPEND : ConflictPolicy.SERVER_WINS);
    return switch (rule) {
      case CLIENT_WINS -> incoming;
      case SERVER_WINS -> stored == null ? incoming : stored;
      case LIST_APPEND -> {
        List<Object> out = new ArrayList<>(asList(stored));
        out.addAll(asList(incoming));
        yield stored == null && incoming == null ? null : out;
      }
      case SET_UNION -> {
        List<Object> out = new ArrayList<>(asList(stored));
        for (Object element : asList(incoming)) {
          if (!out.contains(element)) {
            out.add(element);
          }
        }
        yield stored == null && incoming == null ? null : out;
      }
      case MAX -> max(stored, incoming);
      case COUNTER -> counter(stored, incoming, name, conflict, notes);
    };
  }

  private static Object counter(
      Object stored, Object incoming, String name, Conflict conflict, List<String> notes) {
    if (!(incoming instanceof Number in)) {
      return stored;
    }
    if (stored == null) {
      return incoming;
    }
    Optional<Object> base = conflict.base().get().map(b -> b.get(name));
    if (base.isEmpty() || !(base.get() instanceof Number from) || !(stored instanceof Number now)) {
      notes.add(
          name + ": base of version " + conflict.incomingVersion() + " unknown, stored value kept");
      return stored;
    }
    if (incoming instanceof Double || stored instanceof Double) {
      return now.doubleValue() + (in.doubleValue() - from.doubleValue());
    }
    long sum = now.longValue() + (in.longValue() - from.longValue());
    return stored instanceof Long ? (Object) sum : (Object) Math.toIntExact(sum);
  }

  private static Object max(Object stored, Object incoming) {
    if (stored == null) {
      return incoming;
    }
    if (incoming == null) {
      return stored;
    }
    if (stored instanceof Number a && incoming instanceof Number b) {
      return Double.compare(a.doubleValue(), b.doubleValue()) >= 0 ? stored : incoming;
    }
    if (stored instanceof String a && incoming instanceof String b) {
      try {
        return OffsetDateTime.parse(a).isBefore(OffsetDateTime.parse(b)) ? b : a;
      } catch (DateTimeParseException e) {
        return a.compareTo(b) >= 0 ? a : b;
      }
    }
    return stored;
  }

  /** Equal values, numbers compared by value (a journal copy may hold an Integer as a Long). */
  private static boolean sameValue(Object a, Object b) {
    if (a instanceof Number x && b instanceof Number y) {
      return Double.compare(x.doubleValue(), y.doubleValue()) == 0;
    }
    return Objects.equals(a, b);
  }

  private static Supplier<Optional<Document>> memoized(Supplier<Optional<Document>> lookup) {
    return new Supplier<>() {
      private Optional<Document> value;

      @Override
      public Optional<Document> get() {
        if (value == null) {
          value = lookup.get();
        }
        return value;
      }
    };
  }

  private static List<?> asList(Object value) {
    return value instanceof List<?> l ? l : value == null ? List.of() : List.of(value);
  }
}
