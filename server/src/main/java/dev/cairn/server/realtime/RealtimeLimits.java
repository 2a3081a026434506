package dev.cairn.server.realtime;

import java.time.Duration;

/**
 * Limits of the realtime endpoint, each with AppSync's figure where it has one.
 *
 * @param maxConnectionsPerTenant open connections of one tenant on this node
 * @param maxSubscriptionsPerConnection AppSync allows 100
 * @param maxMessageBytes largest client message
 * @param maxQueuedBytes largest send backlog of one connection before it is closed as too slow
 * @param connectionsPerSecondPerTenant sustained rate of authenticated connections of one tenant on
 *     this node
 * @param connectionsPerSecondPerAddress sustained connection rate of one remote address before it
 *     authenticates (generous: many users may share one address behind a NAT or a proxy)
 * @param maxPendingPerAddress connections of one remote address that have not authenticated yet
 * @param initTimeout time to send {@code connection_init} after connecting (the client waits 15 s)
 * @param keepAliveInterval between {@code ka} messages (the client wants one within 65 s)
 */
public record RealtimeLimits(
    int maxConnectionsPerTenant,
    int maxSubscriptionsPerConnection,
    int maxMessageBytes,
    int maxQueuedBytes,
    int connectionsPerSecondPerTenant,
    int connectionsPerSecondPerAddress,
    int maxPendingPerAddress,
    Duration initTimeout,
    Duration keepAliveInterval) {

  public static RealtimeLimits defaults() {
    return new RealtimeLimits(
        20_000,
        100,
        128 * 1024,
        1024 * 1024,
        500,
        500,
        1_000,
        Duration.ofSeconds(15),
        Duration.ofSeconds(30));
  }

  /** These limits with other limits per remote address before authentication. */
  public RealtimeLimits withAddressLimits(int connectionsPerSecond, int maxPending) {
    return new RealtimeLimits(
        maxConnectionsPerTenant,
        maxSubscriptionsPerConnection,
        maxMessageBytes,
        maxQueuedBytes,
        connectionsPerSecondPerTenant,
        connectionsPerSecond,
        maxPending,
        initTimeout,
        keepAliveInterval);
  }
}
