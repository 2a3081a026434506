package dev.cairn.bench;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.LongBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;

/**
 * A load-generator process ({@link LoadGenerators} starts several: one process cannot hold more
 * than ~19,600 sockets on this machine). Opens {@code count} connections, each with one
 * subscription on topic {@code i % 10}, prints {@code ready <count> in <s> s}, then holds them and
 * obeys one command a line on its standard input, answering on its standard output:
 *
 * <ul>
 *   <li>{@code run <writes>}: records the receipts of a new fan-out run of {@code writes} writes;
 *       answers {@code running};
 *   <li>{@code count <token>}: answers {@code count <token> <frames received in this run>};
 *   <li>{@code finish <token> <file> <first measured write>}: reads the writes' acknowledgement
 *       times ({@code System.nanoTime()} of the benchmark's process, one big-endian long per write)
 *       from {@code file} and answers {@code result <token> <frames of measured writes> <frames
 *       before their ack> <last receipt nanos> <latency histogram, compressed, Base64>}.
 * </ul>
 *
 * <p>It exits when its standard input closes (the benchmark ended).
 *
 * <p>Arguments: protocol ({@code appsync} or {@code broadcaster}), URI, subprotocols, authorization
 * JSON (AppSync), count, first subscription number, connections per second, Netty threads.
 */
public final class LoadGenerator {
  private LoadGenerator() {}

  public static void main(String[] args) throws Exception {
    String protocol = args[0];
    URI uri = URI.create(args[1]);
    String subprotocols = args[2];
    String auth = args[3];
    int count = Integer.parseInt(args[4]);
    int first = Integer.parseInt(args[5]);
    System.setProperty("bench.connectRate", args[6]);
    int threads = Integer.parseInt(args[7]);
    Conversations.ProbeRef ref = new Conversations.ProbeRef();
    WsClients clients = new WsClients(threads);
    long t0 = System.nanoTime();
    try {
      clients.open(
          uri,
          subprotocols,
          count,
          16,
          i ->
              "broadcaster".equals(protocol)
                  ? Conversations.broadcaster("s" + (first + i), (first + i) % 10, ref)
                  : Conversations.appSync("s" + (first + i), (first + i) % 10, auth, ref));
    } catch (Exception | Error e) {
      // The event loop's threads would keep this JVM alive, and the benchmark waiting for it.
      e.printStackTrace();
      System.out.printf("failed after %d connections%n", clients.size());
      System.exit(1);
    }
    System.out.printf("ready %d in %.1f s%n", clients.size(), (System.nanoTime() - t0) / 1e9);
    System.out.flush();
    BufferedReader in =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    for (String line; (line = in.readLine()) != null; ) {
      String[] command = line.strip().split(" ");
      switch (command[0]) {
        case "run" -> {
          ref.probe = new FanOutProbe(Integer.parseInt(command[1]));
          System.out.println("running");
        }
        case "count" -> {
          FanOutProbe probe = ref.probe;
          System.out.println(
              "count " + command[1] + " " + (probe == null ? 0 : probe.deliveredTotal()));
        }
        case "finish" -> {
          FanOutProbe probe = ref.probe;
          ref.probe = null;
          FanOutProbe.Summary s =
              probe.summary(acks(Path.of(command[2])), Integer.parseInt(command[3]));
          ByteBuffer histogram =
              ByteBuffer.allocate(s.latency().getNeededByteBufferCapacity() + 64);
          int length = s.latency().encodeIntoCompressedByteBuffer(histogram);
          System.out.println(
              "result "
                  + command[1]
                  + " "
                  + s.deliveredMeasured()
                  + " "
                  + s.beforeAck()
                  + " "
                  + s.lastReceiptNanos()
                  + " "
                  + Base64.getEncoder().encodeToString(Arrays.copyOf(histogram.array(), length)));
        }
        default -> System.out.println("unknown command: " + line);
      }
      System.out.flush();
    }
    System.exit(0);
  }

  private static long[] acks(Path file) throws java.io.IOException {
    LongBuffer longs = ByteBuffer.wrap(Files.readAllBytes(file)).asLongBuffer();
    long[] acks = new long[longs.remaining()];
    longs.get(acks);
    return acks;
  }
}
