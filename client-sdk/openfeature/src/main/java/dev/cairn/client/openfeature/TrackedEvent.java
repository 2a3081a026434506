package dev.cairn.client.openfeature;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * One {@code track()} call of the app, as the provider hands it to the app's tracking sink: the
 * event's name and time, its numeric value and details, the evaluation context it was tracked with,
 * and the variation of every flag served to the user at that moment, so an analysis can attribute
 * the event to what the user saw (an experiment's exposure). Cairn's server does not collect these
 * events; the sink decides where they go (a Cairn model the app syncs, an analytics service).
 *
 * @param name the event name given to {@code track()}
 * @param at when {@code track()} was called, by the provider's clock
 * @param value the details' numeric value, if any
 * @param details the details' other attributes (JSON-like values), empty when none
 * @param context the attributes of the evaluation context {@code track()} received ({@code
 *     targetingKey} included when set), empty when none
 * @param served flag key to the variation served to the user now; flags served no variation are
 *     absent
 */
public record TrackedEvent(
    String name,
    Instant at,
    Optional<Double> value,
    Map<String, Object> details,
    Map<String, Object> context,
    Map<String, String> served) {
  public TrackedEvent {
    details = Map.copyOf(details);
    context = Map.copyOf(context);
    served = Map.copyOf(served);
  }
}
