package dev.cairn.server.tenancy;

import static dev.cairn.server.tenancy.TenancyFixture.ANA;
import static dev.cairn.server.tenancy.TenancyFixture.BEN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.server.TenantId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SchemasTest {
  static final String V1 =
      """
      type Post @model @auth(rules: [{allow: owner}]) {
        id: ID!
        title: String!
        rating: Int
      }
      """;
  static final String V2_COMPATIBLE =
      """
      type Post @model @auth(rules: [{allow: owner}]) {
        id: ID!
        title: String!
        rating: Int
        summary: String
      }
      """;
  static final String V3_BREAKING =
      """
      type Post @model @auth(rules: [{allow: owner}]) {
        id: ID!
        title: String!
      }
      """;

  private final TenancyFixture f = new TenancyFixture();
  private TenantId acme;

  @BeforeEach
  void signup() {
    acme = f.tenants.signup(ANA, "acme", null).id();
  }

  @AfterEach
  void close() {
    f.close();
  }

  @Test
  void publishingStoresTheVersionWithItsHashActivatesItAndAnnouncesIt() {
    Schemas.Outcome outcome = f.schemas.publish(ANA, acme, V1, false, true);

    assertThat(outcome.version().number()).isEqualTo(1);
    assertThat(outcome.version().hash()).hasSize(32);
    assertThat(outcome.version().author()).isEqualTo(ANA.subject());
    assertThat(f.schemas.active(ANA, acme))
        .hasValueSatisfying(v -> assertThat(v.sdl()).isEqualTo(V1));
    assertThat(f.activations).extracting(SchemaActivated::version).containsExactly(1);
  }

  @Test
  void anInvalidSchemaIsRefusedWithEveryErrorAndItsPosition() {
    assertThatThrownBy(
            () ->
                f.schemas.publish(ANA, acme, "type Post @model { id: ID! x: Rating }", false, true))
        .isInstanceOfSatisfying(
            TenancyException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(TenancyException.Kind.INVALID);
              assertThat(e.items()).isNotEmpty().allMatch(i -> i.startsWith("schema.graphql:1:"));
            });
    assertThat(f.schemas.list(ANA, acme)).isEmpty();
  }

  @Test
  void aBreakingChangeIsRefusedUntilConfirmedAndNothingIsStoredMeanwhile() {
    f.schemas.publish(ANA, acme, V1, false, true);

    assertThatThrownBy(() -> f.schemas.publish(ANA, acme, V3_BREAKING, false, true))
        .isInstanceOfSatisfying(
            TenancyException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(TenancyException.Kind.CONFLICT);
              assertThat(e.getMessage()).contains("confirmBreaking=true");
              assertThat(e.items()).anyMatch(i -> i.startsWith("BREAKING Post.rating"));
            });
    assertThat(f.schemas.list(ANA, acme)).hasSize(1);

    Schemas.Outcome confirmed = f.schemas.publish(ANA, acme, V3_BREAKING, true, true);
    assertThat(confirmed.version().number()).isEqualTo(2);
    assertThat(f.schemas.active(ANA, acme))
        .hasValueSatisfying(v -> assertThat(v.number()).isEqualTo(2));
  }

  @Test
  void aCompatibleChangePublishesWithoutConfirmationAndReportsTheChange() {
    f.schemas.publish(ANA, acme, V1, false, true);

    Schemas.Outcome outcome = f.schemas.publish(ANA, acme, V2_COMPATIBLE, false, true);

    assertThat(outcome.changes()).extracting(c -> c.subject()).contains("Post.summary");
  }

  @Test
  void rollingBackToAnOlderVersionIsDiffedLikeAPublishAndAudited() {
    f.schemas.publish(ANA, acme, V1, false, true);
    f.schemas.publish(ANA, acme, V2_COMPATIBLE, false, true);

    assertThatThrownBy(() -> f.schemas.activate(ANA, acme, 1, false))
        .isInstanceOfSatisfying(
            TenancyException.class,
            e -> assertThat(e.items()).anyMatch(i -> i.contains("Post.summary")));
    f.schemas.activate(ANA, acme, 1, true);

    assertThat(f.schemas.active(ANA, acme))
        .hasValueSatisfying(v -> assertThat(v.number()).isEqualTo(1));
    assertThat(f.schemas.list(ANA, acme)).filteredOn(SchemaVersion::active).hasSize(1);
    assertThat(f.activations).extracting(SchemaActivated::version).containsExactly(1, 2, 1);
    assertThat(f.audit.recent(ANA, acme, 1))
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.action()).isEqualTo("schema.activate");
              assertThat(e.before()).hasValue("{\"activeVersion\":2}");
            });
  }

  @Test
  void activatingAnUnknownVersionIsNotFound() {
    assertThatThrownBy(() -> f.schemas.activate(ANA, acme, 7, true))
        .isInstanceOfSatisfying(
            TenancyException.class,
            e -> assertThat(e.kind()).isEqualTo(TenancyException.Kind.NOT_FOUND));
  }

  @Test
  void aNonMemberCannotPublishToAnotherTenant() {
    assertThatThrownBy(() -> f.schemas.publish(BEN, acme, V1, false, true))
        .isInstanceOfSatisfying(
            TenancyException.class,
            e -> assertThat(e.kind()).isEqualTo(TenancyException.Kind.NOT_FOUND));
    assertThat(f.schemas.list(ANA, acme)).isEmpty();
  }
}
