package dev.cairn.server.data.conflict;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.sun.net.httpserver.HttpServer;
import dev.cairn.server.TenantId;
import dev.cairn.server.changes.ChangeOperation;
import dev.cairn.server.data.MutableClock;
import dev.cairn.server.data.TestSchemas;
import dev.cairn.server.outbound.OutboundHttp;
import dev.cairn.server.outbound.TestResolver;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The webhook is a real HTTP server (the JDK's) answering what each test sets. */
class CustomWebhookTest {
  /** Long enough for a webhook that answers at once, even on a busy machine. */
  static final Duration ANSWERING = Duration.ofSeconds(30);

  HttpServer server;
  final AtomicReference<String> answer = new AtomicReference<>();
  final AtomicReference<Integer> status = new AtomicReference<>(200);
  static final String SECRET = "whsec_test";
  final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T10:00:00Z"));
  final AtomicReference<String> received = new AtomicReference<>();
  final AtomicReference<String> signature = new AtomicReference<>();
  final CountDownLatch release = new CountDownLatch(1);
  volatile boolean hang;
  volatile boolean hangAfterHeaders;
  CustomWebhook webhook;

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/hook",
        exchange -> {
          received.set(
              new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
          signature.set(exchange.getRequestHeaders().getFirst("Cairn-Signature"));
          if (hang) {
            try {
              release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          }
          byte[] body = answer.get().getBytes(StandardCharsets.UTF_8);
          if (hangAfterHeaders) { // headers and the first byte of a body that never ends
            exchange.sendResponseHeaders(200, 0);
            exchange.getResponseBody().write('{');
            exchange.getResponseBody().flush();
            try {
              release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          }
          exchange.sendResponseHeaders(status.get(), body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    server.setExecutor(Executors.newCachedThreadPool());
    server.start();
    webhook = webhookWaiting(ANSWERING);
  }

  /** The webhook client, waiting at most {@code timeout} for an answer. */
  CustomWebhook webhookWaiting(Duration timeout) {
    URI url = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/hook");
    return new CustomWebhook(
        new OutboundHttp(TestResolver.loopbackPolicy(), timeout, timeout, 1 << 20),
        t ->
            t.slug().equals("acme")
                ? Optional.of(new CustomWebhook.Webhook(url, Optional.of(SECRET)))
                : Optional.empty(),
        timeout,
        clock);
  }

  @AfterEach
  void stop() {
    release.countDown();
    server.stop(0);
  }

  static Conflict conflict(String tenant) {
    return conflict(tenant, Duration.ofMinutes(1));
  }

  static Conflict conflict(String tenant, Duration timeLeft) {
    return new Conflict(
        TenantId.of(tenant),
        TestSchemas.note(),
        ChangeOperation.UPDATE,
        new Document("id", "n1").append("title", "server").append("_version", 3),
        Map.of("id", "n1", "title", "client", "_version", 1),
        1,
        Optional::empty,
        timeLeft);
  }

  @Test
  void resolveWritesTheWebhooksItemAndTheRequestCarriesBothRecords() {
    answer.set("{\"outcome\":\"RESOLVE\",\"item\":{\"title\":\"merged\"}}");

    Resolution resolution = webhook.resolve(conflict("acme"));

    assertThat(resolution)
        .isEqualTo(new Resolution.Apply(Map.of("title", "merged"), "resolved by webhook"));
    Document sent = Document.parse(received.get());
    assertThat(sent.getString("operation")).isEqualTo("UPDATE");
    assertThat(sent.getString("model")).isEqualTo("Note");
    assertThat(sent.get("existing", Document.class).getString("title")).isEqualTo("server");
    assertThat(sent.get("incoming", Document.class).getString("title")).isEqualTo("client");
  }

  @Test
  void rejectAndRemoveAreTakenAsAnswered() {
    answer.set("{\"outcome\":\"REJECT\"}");
    assertThat(webhook.resolve(conflict("acme"))).isInstanceOf(Resolution.Reject.class);
    answer.set("{\"outcome\":\"REMOVE\"}");
    assertThat(webhook.resolve(conflict("acme"))).isInstanceOf(Resolution.Remove.class);
  }

  @Test
  void aWebhookThatDoesNotAnswerInTimeRejects() {
    hang = true;
    answer.set("{\"outcome\":\"RESOLVE\",\"item\":{}}");

    Resolution resolution = webhookWaiting(Duration.ofMillis(300)).resolve(conflict("acme"));

    assertThat(resolution)
        .isInstanceOfSatisfying(
            Resolution.Reject.class,
            r -> assertThat(r.reason()).contains("did not answer within 300 ms"));
  }

  @Test
  void aWebhookThatSendsItsHeadersButNotItsBodyRejectsInTimeToo() {
    hangAfterHeaders = true;
    answer.set("{\"outcome\":\"REJECT\"}");

    Resolution resolution =
        assertTimeoutPreemptively(
            Duration.ofSeconds(5),
            () -> webhookWaiting(Duration.ofMillis(300)).resolve(conflict("acme")));

    assertThat(resolution)
        .isInstanceOfSatisfying(
            Resolution.Reject.class,
            r -> assertThat(r.reason()).contains("did not answer within 300 ms"));
  }

  @Test
  void theWebhookIsGivenNoMoreThanTheTimeLeftOfTheWrite() {
    hang = true;
    answer.set("{\"outcome\":\"RESOLVE\",\"item\":{}}");

    Resolution resolution = webhook.resolve(conflict("acme", Duration.ofMillis(50)));
    Resolution none = webhook.resolve(conflict("acme", Duration.ZERO));

    assertThat(resolution)
        .isInstanceOfSatisfying(
            Resolution.Reject.class,
            r -> assertThat(r.reason()).contains("did not answer within 50 ms"));
    assertThat(none)
        .isInstanceOfSatisfying(
            Resolution.Reject.class, r -> assertThat(r.reason()).contains("no time was left"));
  }

  @Test
  void failuresAndNonsenseBecomeClearRejects() {
    status.set(500);
    answer.set("oops");
    assertThat(((Resolution.Reject) webhook.resolve(conflict("acme"))).reason())
        .contains("HTTP 500");
    status.set(200);
    answer.set("not json");
    assertThat(((Resolution.Reject) webhook.resolve(conflict("acme"))).reason())
        .contains("not a JSON object");
    answer.set("{\"outcome\":\"MAYBE\"}");
    assertThat(((Resolution.Reject) webhook.resolve(conflict("acme"))).reason())
        .contains("`MAYBE`");
    assertThat(((Resolution.Reject) webhook.resolve(conflict("nohook"))).reason())
        .contains("has no conflict webhook");
  }

  @Test
  void everyCallIsSignedWithTheTenantsSecretOverTimestampAndBody() {
    answer.set("{\"outcome\":\"REJECT\"}");

    webhook.resolve(conflict("acme"));

    byte[] body = received.get().getBytes(StandardCharsets.UTF_8);
    assertThat(signature.get()).startsWith("t=" + clock.instant().getEpochSecond() + ",v1=");
    assertThat(WebhookSignature.verify(SECRET, signature.get(), body, clock.instant())).isTrue();
    assertThat(WebhookSignature.verify("whsec_other", signature.get(), body, clock.instant()))
        .isFalse();
    byte[] altered = (received.get() + " ").getBytes(StandardCharsets.UTF_8);
    assertThat(WebhookSignature.verify(SECRET, signature.get(), altered, clock.instant()))
        .isFalse();
  }

  @Test
  void aReplayedSignatureIsRefusedOutsideTheTolerance() {
    answer.set("{\"outcome\":\"REJECT\"}");
    webhook.resolve(conflict("acme"));
    byte[] body = received.get().getBytes(StandardCharsets.UTF_8);

    assertThat(
            WebhookSignature.verify(
                SECRET, signature.get(), body, clock.instant().plusSeconds(301)))
        .isFalse();
    assertThat(
            WebhookSignature.verify(
                SECRET, signature.get(), body, clock.instant().plusSeconds(299)))
        .isTrue();
  }

  @Test
  void aWebhookOnAPrivateAddressIsNeverCalledAndTheReasonLeaksNoNetworkDetail() {
    CustomWebhook strict =
        new CustomWebhook(
            new OutboundHttp(
                TestResolver.strictPolicy(),
                Duration.ofMillis(300),
                Duration.ofMillis(300),
                1 << 20),
            t ->
                Optional.of(
                    new CustomWebhook.Webhook(
                        URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/hook"),
                        Optional.of(SECRET))),
            Duration.ofMillis(300),
            clock);
    answer.set("{\"outcome\":\"REMOVE\"}");

    Resolution resolution = strict.resolve(conflict("acme"));

    assertThat(received.get()).isNull();
    assertThat(resolution)
        .isInstanceOfSatisfying(
            Resolution.Reject.class,
            r ->
                assertThat(r.reason())
                    .isEqualTo(
                        "the conflict webhook's URL is not allowed by this server's outbound"
                            + " policy"));
  }
}
