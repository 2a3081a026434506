package dev.cairn.client.internal;

import dev.cairn.client.CairnEvent;
import dev.cairn.client.Subscription;
import java.lang.System.Logger.Level;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/** The event listeners; a listener that throws is logged, the others still run. Thread-safe. */
public final class Events {
  private static final System.Logger LOG = System.getLogger(Events.class.getName());
  private final List<Consumer<CairnEvent>> listeners = new CopyOnWriteArrayList<>();

  public Subscription add(Consumer<CairnEvent> listener) {
    listeners.add(listener);
    return () -> listeners.remove(listener);
  }

  public void publish(CairnEvent event) {
    for (Consumer<CairnEvent> listener : listeners) {
      try {
        listener.accept(event);
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "an event listener failed on " + event, e);
      }
    }
  }
}
