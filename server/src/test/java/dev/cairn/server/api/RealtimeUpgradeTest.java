package dev.cairn.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.server.Jsonp;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RealtimeUpgradeTest {
  @Test
  void aRefusalsBodyIsAppSyncsErrorListAsBothUpgradePathsWroteItBefore() {
    String message = "bad \"Sec-WebSocket-Key\" \\ of\tlength\n3";

    RealtimeUpgrade.Refusal refusal =
        RealtimeUpgrade.Refusal.of(400, "BadRequestException", message, Map.of());

    // What RealtimeEndpoint and RealtimeUpgrade concatenated before the body was written by the
    // server's JsonOutput: the wire must not change.
    String before =
        "{\"errors\":[{\"errorType\":"
            + Jsonp.PROVIDER.createValue("BadRequestException")
            + ",\"message\":"
            + Jsonp.PROVIDER.createValue(message)
            + "}]}";
    assertThat(new String(refusal.body(), StandardCharsets.UTF_8)).isEqualTo(before);
    assertThat(refusal.status()).isEqualTo(400);
  }

  @Test
  void onlyTheRealtimePathOfATenantIsAnUpgradePath() {
    assertThat(RealtimeUpgrade.slugOf("/t/acme/graphql/realtime")).isEqualTo("acme");
    assertThat(RealtimeUpgrade.slugOf("/t/acme/graphql/realtime/")).isEqualTo("acme");
    assertThat(RealtimeUpgrade.slugOf("/t/acme/graphql")).isNull();
    assertThat(RealtimeUpgrade.slugOf("/t/acme/graphql/realtime/x")).isNull();
    assertThat(RealtimeUpgrade.slugOf("/t//graphql/realtime")).isNull();
  }
}
