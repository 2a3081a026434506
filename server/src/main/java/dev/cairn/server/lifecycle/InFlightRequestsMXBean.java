package dev.cairn.server.lifecycle;

/**
 * The management view of one WAR's in-flight requests, registered in the platform MBean server as
 * {@code dev.cairn:type=InFlightRequests,war=<name>} (see {@link NodeDrain}). The console WAR
 * registers a bean of the same shape under {@code war=console}; the two are read by name only, so
 * neither WAR loads a class of the other.
 */
public interface InFlightRequestsMXBean {
  /** Requests admitted and not finished yet. */
  int getInFlight();

  /** False once {@link #stopAccepting} was called. */
  boolean isAccepting();

  /** From now on new requests are refused (the node drains). */
  void stopAccepting();
}
