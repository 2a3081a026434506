package dev.cairn.server.outbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS through the checked address: a real JDK HTTPS server with a certificate for {@code localhost}
 * made by the JDK's keytool.
 */
class OutboundHttpsTest {
  private static final char[] PASSWORD = "changeit".toCharArray();

  @TempDir Path dir;
  private HttpsServer server;
  private SSLContext tls;

  @BeforeEach
  void start() throws Exception {
    Path keystore = dir.resolve("localhost.p12");
    Process keytool =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair",
                "-alias",
                "localhost",
                "-keyalg",
                "EC",
                "-groupname",
                "secp256r1",
                "-dname",
                "CN=localhost",
                "-ext",
                "SAN=dns:localhost",
                "-validity",
                "2",
                "-keystore",
                keystore.toString(),
                "-storetype",
                "PKCS12",
                "-storepass",
                "changeit",
                "-keypass",
                "changeit")
            .redirectErrorStream(true)
            .start();
    keytool.getInputStream().readAllBytes();
    assertThat(keytool.waitFor()).isZero();
    KeyStore keys = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(keystore)) {
      keys.load(in, PASSWORD);
    }
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(keys, PASSWORD);
    TrustManagerFactory tmf =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(keys);
    tls = SSLContext.getInstance("TLS");
    tls.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
    server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setHttpsConfigurator(new HttpsConfigurator(tls));
    server.createContext(
        "/keys",
        exchange -> {
          byte[] body = "{\"keys\":[]}".getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(200, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private OutboundHttp client(TestResolver dns) {
    return new OutboundHttp(
        new OutboundPolicy(false, List.of("127.0.0.0/8"), dns),
        Duration.ofSeconds(2),
        Duration.ofSeconds(5),
        1024,
        tls.getSocketFactory());
  }

  @Test
  void anHttpsCallToTheCheckedAddressVerifiesTheCertificateForTheHostName() throws Exception {
    int port = server.getAddress().getPort();

    OutboundHttp.Response r =
        client(new TestResolver()).get(URI.create("https://localhost:" + port + "/keys"), Map.of());

    assertThat(r.status()).isEqualTo(200);
    assertThat(r.text()).isEqualTo("{\"keys\":[]}");
  }

  @Test
  void aHostNameTheCertificateDoesNotNameIsRefusedThoughItResolvesToTheSameAddress() {
    int port = server.getAddress().getPort();
    TestResolver dns = new TestResolver().answer("other.test", "127.0.0.1");

    assertThatThrownBy(
            () -> client(dns).get(URI.create("https://other.test:" + port + "/keys"), Map.of()))
        .isInstanceOf(SSLHandshakeException.class);
  }
}
