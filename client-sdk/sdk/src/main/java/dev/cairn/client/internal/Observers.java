package dev.cairn.client.internal;

import dev.cairn.client.ModelChange;
import dev.cairn.client.ModelType;
import dev.cairn.client.MutationType;
import dev.cairn.client.QueryPredicate;
import dev.cairn.client.Subscription;
import java.lang.System.Logger.Level;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The app's {@code observe} listeners. {@link #changed} calls every matching listener on the
 * calling thread, after the change is committed; a listener that throws is logged and the others
 * still run. Thread-safe.
 */
public final class Observers {
  private static final System.Logger LOG = System.getLogger(Observers.class.getName());

  private record Entry<T>(
      ModelType<T> type, QueryPredicate predicate, Consumer<ModelChange<T>> listener) {}

  private final List<Entry<?>> entries = new CopyOnWriteArrayList<>();

  public <T> Subscription add(
      ModelType<T> type, QueryPredicate predicate, Consumer<ModelChange<T>> listener) {
    Entry<T> entry = new Entry<>(type, predicate, listener);
    entries.add(entry);
    return () -> entries.remove(entry);
  }

  /** One change to deliver. */
  public record Change(
      ModelType<?> type,
      Map<String, Object> values,
      MutationType mutation,
      ModelChange.Origin origin) {}

  public void changed(List<Change> changes) {
    for (Change change : changes) {
      for (Entry<?> entry : entries) {
        if (entry.type().name().equals(change.type().name())) {
          deliver(entry, change);
        }
      }
    }
  }

  private static <T> void deliver(Entry<T> entry, Change change) {
    if (!Predicates.test(entry.predicate(), change.values())) {
      return;
    }
    try {
      T model = entry.type().fromValues(change.values());
      entry
          .listener()
          .accept(new ModelChange<>(entry.type(), model, change.mutation(), change.origin()));
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "an observe listener of " + entry.type().name() + " failed", e);
    }
  }
}
