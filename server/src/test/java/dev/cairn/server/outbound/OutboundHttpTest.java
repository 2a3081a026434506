package dev.cairn.server.outbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Against a raw local socket server, so the exact bytes on the wire are under the test's control.
 */
class OutboundHttpTest {
  private ServerSocket server;
  private final List<String> requests = new CopyOnWriteArrayList<>();
  private Thread acceptor;

  /** Serves every connection with {@code answer} (applied to the request head). */
  private int serve(Function<String, byte[]> answer) throws IOException {
    server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    acceptor =
        new Thread(
            () -> {
              while (!server.isClosed()) {
                try (Socket s = server.accept()) {
                  String head = readHead(s.getInputStream());
                  requests.add(head);
                  OutputStream out = s.getOutputStream();
                  out.write(answer.apply(head));
                  out.flush();
                } catch (IOException e) {
                  return;
                }
              }
            });
    acceptor.setDaemon(true);
    acceptor.start();
    return server.getLocalPort();
  }

  private static String readHead(InputStream in) throws IOException {
    StringBuilder sb = new StringBuilder();
    while (!sb.toString().endsWith("\r\n\r\n")) {
      int b = in.read();
      if (b < 0) {
        break;
      }
      sb.append((char) b);
    }
    return sb.toString();
  }

  @AfterEach
  void stop() throws IOException {
    if (server != null) {
      server.close();
    }
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }

  private static OutboundHttp client(OutboundPolicy policy) {
    return new OutboundHttp(policy, Duration.ofSeconds(2), Duration.ofSeconds(2), 1024);
  }

  @Test
  void theConnectionGoesToTheCheckedAddressWithTheHostNameInHostAndDnsIsAskedOnce()
      throws Exception {
    int port = serve(head -> bytes("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"));
    AtomicInteger lookups = new AtomicInteger();
    TestResolver dns = new TestResolver().answer("idp.test", "127.0.0.1");
    OutboundPolicy policy =
        new OutboundPolicy(
            true,
            List.of("127.0.0.0/8"),
            host -> {
              lookups.incrementAndGet();
              return dns.resolve(host);
            });

    OutboundHttp.Response r =
        client(policy).get(URI.create("http://idp.test:" + port + "/keys?a=1"), Map.of());

    assertThat(r.status()).isEqualTo(200);
    assertThat(r.text()).isEqualTo("ok");
    assertThat(lookups).hasValue(1);
    assertThat(requests.get(0))
        .startsWith("GET /keys?a=1 HTTP/1.1\r\n")
        .contains("Host: idp.test:" + port + "\r\n");
  }

  @Test
  void aNameThatRebindsToAPrivateAddressIsRefusedBeforeAnyConnection() throws Exception {
    int port = serve(head -> bytes("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n"));
    AtomicInteger lookups = new AtomicInteger();
    // first answer public (as when the URL was saved), then the attacker's DNS flips to loopback
    OutboundPolicy.Resolver rebinding =
        host -> {
          if (lookups.incrementAndGet() == 1) {
            return new InetAddress[] {InetAddress.getByName("93.184.216.34")};
          }
          return new InetAddress[] {InetAddress.getLoopbackAddress()};
        };
    OutboundPolicy policy = new OutboundPolicy(true, List.of(), rebinding);
    URI url = URI.create("http://rebind.test:" + port + "/");

    assertThat(policy.problemWith(url.toString())).isEmpty();
    assertThatThrownBy(() -> client(policy).get(url, Map.of()))
        .isInstanceOf(OutboundRefusedException.class)
        .hasMessageContaining("loopback");
    assertThat(requests).isEmpty();
  }

  @Test
  void chunkedAnswersAreDecoded() throws Exception {
    int port =
        serve(
            head ->
                bytes(
                    "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                        + "3\r\nabc\r\n4;x=y\r\ndefg\r\n0\r\n\r\n"));

    assertThat(
            client(TestResolver.loopbackPolicy())
                .get(URI.create("http://127.0.0.1:" + port + "/"), Map.of())
                .text())
        .isEqualTo("abcdefg");
  }

  @Test
  void redirectsAreNotFollowed() throws Exception {
    int port =
        serve(
            head ->
                bytes(
                    "HTTP/1.1 302 Found\r\nLocation: http://169.254.169.254/\r\n"
                        + "Content-Length: 0\r\n\r\n"));

    OutboundHttp.Response r =
        client(TestResolver.loopbackPolicy())
            .get(URI.create("http://127.0.0.1:" + port + "/"), Map.of());

    assertThat(r.status()).isEqualTo(302);
    assertThat(requests).hasSize(1);
  }

  @Test
  void anAnswerLargerThanTheLimitIsAnErrorWhateverItsFraming() throws Exception {
    String big = "x".repeat(2000);
    int port =
        serve(
            head ->
                head.contains("/declared")
                    ? bytes("HTTP/1.1 200 OK\r\nContent-Length: 2000\r\n\r\n" + big)
                    : bytes("HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n" + big));
    OutboundHttp http = client(TestResolver.loopbackPolicy());

    assertThatThrownBy(
            () -> http.get(URI.create("http://127.0.0.1:" + port + "/declared"), Map.of()))
        .hasMessageContaining("larger than 1024 bytes");
    assertThatThrownBy(
            () -> http.get(URI.create("http://127.0.0.1:" + port + "/until-close"), Map.of()))
        .hasMessageContaining("larger than 1024 bytes");
  }

  @Test
  void aServerThatNeverAnswersTimesOutAtTheDeadline() throws Exception {
    server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    OutboundHttp http =
        new OutboundHttp(
            TestResolver.loopbackPolicy(), Duration.ofSeconds(1), Duration.ofMillis(300), 1024);

    assertThatThrownBy(
            () -> http.get(URI.create("http://127.0.0.1:" + server.getLocalPort() + "/"), Map.of()))
        .isInstanceOf(SocketTimeoutException.class)
        .hasMessageContaining("within 300 ms");
  }

  @Test
  void headerValuesWithLineBreaksAreRefused() throws Exception {
    int port = serve(head -> bytes("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n"));

    assertThatThrownBy(
            () ->
                client(TestResolver.loopbackPolicy())
                    .post(
                        URI.create("http://127.0.0.1:" + port + "/"),
                        Map.of("X-A", "b\r\nX-Injected: 1"),
                        new byte[0]))
        .isInstanceOf(OutboundRefusedException.class);
    assertThat(requests).isEmpty();
  }

  @Test
  void anUnresolvableHostIsRefused() {
    OutboundPolicy policy =
        new OutboundPolicy(
            false,
            List.of(),
            host -> {
              throw new UnknownHostException(host);
            });

    assertThatThrownBy(() -> client(policy).get(URI.create("https://nowhere.test/"), Map.of()))
        .hasMessageContaining("does not resolve");
  }
}
