package dev.cairn.bench;

import java.net.URI;

/**
 * A load-generator process for {@link IdleBench}: opens {@code count} AppSync connections, each
 * with one filtered subscription, prints {@code ready <count>} and holds them until it is killed.
 * One process cannot hold more than ~19,600 sockets on this machine, so the benchmark starts
 * several.
 *
 * <p>Arguments: realtime URI, subprotocols, authorization JSON, count, first subscription number,
 * connections per second, Netty threads.
 */
public final class IdleClients {
  private IdleClients() {}

  public static void main(String[] args) throws Exception {
    URI uri = URI.create(args[0]);
    String subprotocols = args[1];
    String auth = args[2];
    int count = Integer.parseInt(args[3]);
    int first = Integer.parseInt(args[4]);
    System.setProperty("bench.connectRate", args[5]);
    int threads = Integer.parseInt(args[6]);
    Conversations.ProbeRef ref = new Conversations.ProbeRef();
    WsClients clients = new WsClients(threads);
    long t0 = System.nanoTime();
    clients.open(
        uri,
        subprotocols,
        count,
        16,
        i -> Conversations.appSync("s" + (first + i), (first + i) % 10, auth, ref));
    System.out.printf("ready %d in %.1f s%n", clients.size(), (System.nanoTime() - t0) / 1e9);
    System.out.flush();
    Thread.sleep(Long.MAX_VALUE);
  }
}
