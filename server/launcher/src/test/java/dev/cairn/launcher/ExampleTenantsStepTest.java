package dev.cairn.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.launcher.examples.ExampleTenants;
import dev.cairn.launcher.examples.TenantDescriptor;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ExampleTenantsStepTest {
  private static TenantDescriptor example(String slug, boolean keys, String user, String group) {
    return new TenantDescriptor(
        slug,
        slug,
        Path.of(slug, "schema.graphql"),
        keys,
        Optional.empty(),
        Map.of(),
        List.of(
            new TenantDescriptor.DemoUser(user, user, group == null ? List.of() : List.of(group))),
        Optional.empty());
  }

  @Test
  void theBannerListsEachTenantItsUsersTheKeyFileAndHowToGetAToken() {
    String banner =
        ExampleTenantsStep.banner(
            List.of(
                new ExampleTenants.Loaded(
                    example("chat", false, "alice", "moderators"), false, null, null),
                new ExampleTenants.Loaded(
                    example("shop", true, "sofia", null),
                    true,
                    Path.of("/data/examples/shop/api-key"),
                    null)),
            "http://localhost:8180",
            8080);

    assertThat(banner)
        .contains("chat        http://localhost:8080/t/chat/graphql  users: alice [moderators]")
        .contains("users: sofia  API key: /data/examples/shop/api-key  (loaded now)")
        .contains("x-api-key: $(cat /data/examples/shop/api-key)")
        .contains("-d client_id=cairn-app -d username=alice -d password=alice")
        .contains("http://localhost:8180/realms/cairn-t-chat/protocol/openid-connect/token");
  }

  @Test
  void noExamplesMeansNoBannerLines() {
    assertThat(ExampleTenantsStep.banner(List.of(), "http://localhost:8180", 8080)).isEmpty();
  }
}
