package dev.cairn.server.api;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A local OTLP/HTTP trace receiver for tests: it accepts {@code POST /v1/traces}
 * (application/x-protobuf), keeps each export's bytes and answers with an empty (successful) export
 * response. It does not decode the protobuf: tests look for the byte patterns of values they know
 * (a trace id, an attribute's key and value), which protobuf stores verbatim.
 */
final class OtlpReceiver implements AutoCloseable {
  private final HttpServer server;
  private final List<byte[]> exports = new CopyOnWriteArrayList<>();

  OtlpReceiver() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/v1/traces",
        exchange -> {
          try (InputStream in = exchange.getRequestBody()) {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            in.transferTo(body);
            exports.add(body.toByteArray());
          }
          exchange.getResponseHeaders().set("Content-Type", "application/x-protobuf");
          exchange.sendResponseHeaders(200, -1);
          exchange.close();
        });
    server.start();
  }

  /** The base URL to give as {@code otel.exporter.otlp.endpoint}. */
  String endpoint() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /**
   * Waits up to {@code seconds} until the exports received so far, taken together, satisfy {@code
   * wanted}, and returns them together (a trace's spans may come in several exports).
   */
  byte[] await(int seconds, Predicate<byte[]> wanted) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (System.nanoTime() < deadline) {
      ByteArrayOutputStream all = new ByteArrayOutputStream();
      exports.forEach(all::writeBytes);
      if (wanted.test(all.toByteArray())) {
        return all.toByteArray();
      }
      Thread.sleep(100); // another process's batch exporter gives no signal to wait on
    }
    throw new AssertionError(
        "no matching trace export within " + seconds + " s (" + exports.size() + " received)");
  }

  /**
   * Waits up to {@code seconds} for a span received so far to satisfy {@code wanted} (decoded by
   * {@link OtlpSpans}) and returns it.
   */
  OtlpSpans.Span awaitSpan(int seconds, Predicate<OtlpSpans.Span> wanted)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    List<OtlpSpans.Span> seen = List.of();
    while (System.nanoTime() < deadline) {
      seen = exports.stream().flatMap(e -> OtlpSpans.read(e).stream()).toList();
      for (OtlpSpans.Span span : seen) {
        if (wanted.test(span)) {
          return span;
        }
      }
      Thread.sleep(100); // another process's batch exporter gives no signal to wait on
    }
    throw new AssertionError("no matching span within " + seconds + " s; received: " + seen);
  }

  /** True when {@code pattern} occurs in {@code bytes}. */
  static boolean contains(byte[] bytes, byte[] pattern) {
    outer:
    for (int i = 0; i + pattern.length <= bytes.length; i++) {
      for (int j = 0; j < pattern.length; j++) {
        if (bytes[i + j] != pattern[j]) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
