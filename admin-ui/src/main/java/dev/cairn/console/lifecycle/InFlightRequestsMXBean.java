package dev.cairn.console.lifecycle;

/**
 * The management view of the console's in-flight requests, registered in the platform MBean server
 * as {@code dev.cairn:type=InFlightRequests,war=console}. The server WAR, which takes SIGTERM,
 * finds it by that name and stops it, waits for it and asks it to vouch for calls, by attribute and
 * operation names only ({@code dev.cairn.server.lifecycle.NodeDrain}); the shape must stay the one
 * the server reads.
 */
public interface InFlightRequestsMXBean {
  /** Requests admitted and not finished yet. */
  int getInFlight();

  /** False once {@link #stopAccepting} was called. */
  boolean isAccepting();

  /** From now on new requests are refused (the node drains). */
  void stopAccepting();

  /**
   * Whether {@code pass} is this console's and one of its requests is in flight: the server then
   * admits the admin API call carrying it although the node drains.
   */
  boolean vouchesFor(String pass);
}
