package dev.cairn.server.realtime.websocket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class HandshakeTest {
  @Test
  void acceptsTheRfcSampleAndListsTheOfferedSubprotocols() throws Exception {
    Handshake.Accepted accepted =
        Handshake.check(
            "GET",
            headers(
                Map.of(
                    "upgrade", "websocket",
                    "connection", "keep-alive, Upgrade",
                    "sec-websocket-version", "13",
                    "sec-websocket-key", "dGhlIHNhbXBsZSBub25jZQ==",
                    "sec-websocket-protocol", "graphql-ws, header-eyJob3N0IjoiYSJ9")));

    assertThat(accepted.accept()).isEqualTo("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
    assertThat(accepted.offeredProtocols())
        .containsExactly("graphql-ws", "header-eyJob3N0IjoiYSJ9");
  }

  @Test
  void refusesWhatIsNotAWebSocketUpgradeNamingTheProblem() {
    Map<String, String> good =
        Map.of(
            "upgrade", "websocket",
            "connection", "Upgrade",
            "sec-websocket-version", "13",
            "sec-websocket-key", "dGhlIHNhbXBsZSBub25jZQ==");

    assertThatThrownBy(() -> Handshake.check("POST", headers(good)))
        .hasMessageContaining("GET")
        .extracting(e -> ((Handshake.Refused) e).status())
        .isEqualTo(405);
    assertThatThrownBy(() -> Handshake.check("GET", headers(without(good, "upgrade"))))
        .hasMessageContaining("Upgrade: websocket");
    assertThatThrownBy(
            () -> Handshake.check("GET", headers(with(good, "sec-websocket-version", "8"))))
        .extracting(e -> ((Handshake.Refused) e).status())
        .isEqualTo(426);
    assertThatThrownBy(
            () -> Handshake.check("GET", headers(with(good, "sec-websocket-key", "c2hvcnQ="))))
        .hasMessageContaining("16 random bytes");
  }

  @Test
  void selectsTheServersPreferredSubprotocolAmongTheOffered() {
    assertThat(
            Handshake.select(
                List.of("graphql-transport-ws", "graphql-ws"),
                List.of("graphql-ws", "graphql-transport-ws")))
        .hasValue("graphql-ws");
    assertThat(Handshake.select(List.of("mqtt"), List.of("graphql-ws"))).isEmpty();
  }

  private static java.util.function.Function<String, String> headers(Map<String, String> map) {
    Map<String, String> ci = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    ci.putAll(map);
    return ci::get;
  }

  private static Map<String, String> without(Map<String, String> map, String key) {
    Map<String, String> copy = new TreeMap<>(map);
    copy.remove(key);
    return copy;
  }

  private static Map<String, String> with(Map<String, String> map, String key, String value) {
    Map<String, String> copy = new TreeMap<>(map);
    copy.put(key, value);
    return copy;
  }
}
