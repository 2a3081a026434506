package dev.cairn.server.flags;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.spec.flags.Evaluation;
import dev.cairn.spec.flags.EvaluationContext;
import dev.cairn.spec.flags.FlagEvaluator;
import dev.cairn.spec.flags.FlagSet;
import dev.cairn.spec.flags.FlagSetReader;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FlagGraphQLTest {
  private static Map<String, Evaluation> evaluate(boolean on) {
    FlagSet set =
        FlagSet.EMPTY.with(
            FlagSetReader.readFlag(
                "dark-mode",
                Map.of("type", "boolean", "default", true, "on", on, "offVariation", "false")));
    return FlagEvaluator.of(set).evaluateAll(EvaluationContext.of("u", Map.of(), Map.of()));
  }

  @Test
  void aSubscriptionIsRenderedWithItsOwnSelectionSetUnderItsOwnFieldName() {
    FlagGraphQL.SubscriptionPlan plan =
        FlagGraphQL.plan(
            "subscription S($c: AWSJSON) { _cairnOnFlagsChanged(context: $c) {"
                + " __typename version flags { key value } } }",
            Map.of("c", "{\"appVersion\":\"2.0.0\"}"));

    Map<String, Evaluation> all = evaluate(true);
    String payload = plan.render(FlagPayloads.cairnFlags(all, all));

    assertThat(plan.context()).containsEntry("appVersion", "2.0.0");
    assertThat(payload)
        .startsWith("{\"data\":{\"_cairnOnFlagsChanged\":{\"__typename\":\"CairnFlags\"")
        .contains("{\"key\":\"dark-mode\",\"value\":\"true\"}")
        .doesNotContain("reason");
  }

  @Test
  void subscriptionsDifferingOnlyInTheirContextRenderWithTheSameQuerySoTheFanOutRendersOnce() {
    String subscription =
        "subscription S($c: AWSJSON, $all: Boolean!) { _cairnOnFlagsChanged(context: $c,"
            + " initial: true) { version flags @include(if: $all) { key } } }";
    FlagGraphQL.SubscriptionPlan u1 =
        FlagGraphQL.plan(subscription, Map.of("c", "{\"targetingKey\":\"u1\"}", "all", true));
    FlagGraphQL.SubscriptionPlan u2 =
        FlagGraphQL.plan(subscription, Map.of("c", "{\"targetingKey\":\"u2\"}", "all", true));

    assertThat(u1.context()).containsEntry("targetingKey", "u1");
    assertThat(u1.initial()).isTrue();
    assertThat(u1.query()).isEqualTo(u2.query()).doesNotContain("context").contains("$all");
    assertThat(u1.variables()).isEqualTo(u2.variables()).isEqualTo(Map.of("all", true));
    Map<String, Evaluation> all = evaluate(true);
    assertThat(u1.render(FlagPayloads.cairnFlags(all, all))).contains("dark-mode");
  }

  @Test
  void anAliasedSubscriptionKeepsItsAlias() {
    FlagGraphQL.SubscriptionPlan plan =
        FlagGraphQL.plan("subscription { mine: _cairnOnFlagsChanged { version } }", Map.of());

    assertThat(plan.render(FlagPayloads.cairnFlags(Map.of(), Map.of())))
        .startsWith("{\"data\":{\"mine\":{\"version\":");
  }

  @Test
  void anUnknownFieldInTheSelectionIsRefusedNamingIt() {
    assertThatThrownBy(
            () -> FlagGraphQL.plan("subscription { _cairnOnFlagsChanged { rules } }", Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("rules");
  }

  @Test
  void onlyFlagSubscriptionsAreRecognized() {
    assertThat(FlagGraphQL.isFlagSubscription("subscription { _cairnOnFlagsChanged { version } }"))
        .isTrue();
    assertThat(FlagGraphQL.isFlagSubscription("subscription { onCreatePost { id } }")).isFalse();
    assertThat(FlagGraphQL.isFlagSubscription("query { _cairnOnFlagsChanged }")).isFalse();
  }

  @Test
  void onlyFlagsWhoseValueChangedAreReportedAsChanged() {
    Map<String, Evaluation> on = evaluate(true);
    Map<String, Evaluation> off = evaluate(false);

    assertThat(FlagPayloads.changed(on, on)).isEmpty();
    assertThat(FlagPayloads.changed(on, off)).containsOnlyKeys("dark-mode");
    assertThat(FlagPayloads.version(on)).isNotEqualTo(FlagPayloads.version(off));
    assertThat(FlagPayloads.changed(on, Map.of()).get("dark-mode").reason().errorKind().name())
        .isEqualTo("FLAG_NOT_FOUND");
  }

  @Test
  void clientAttributesNeverOverrideClaimsGroupsOrTheUser() {
    dev.cairn.server.auth.AppIdentity alice =
        new dev.cairn.server.auth.AppIdentity(
            dev.cairn.server.TenantId.of("acme"),
            dev.cairn.server.auth.AppIdentity.Kind.USER_TOKEN,
            "sub-alice",
            "sub",
            Map.of("sub", "sub-alice", "email", "alice@acme.example"),
            List.of("staff"));

    EvaluationContext context =
        FlagContexts.of(
            alice,
            Map.of(
                "groups", List.of("beta"),
                "email", "mallory@evil.example",
                "targetingKey", "bob",
                "platform", "ios"));

    assertThat(context.attributes())
        .containsEntry("key", "sub-alice")
        .containsEntry("groups", List.of("staff"))
        .containsEntry("email", "alice@acme.example")
        .containsEntry("platform", "ios")
        .doesNotContainKey("targetingKey");
  }
}
