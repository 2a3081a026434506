package dev.cairn.server.tenancy;

import static dev.cairn.server.tenancy.TenancyFixture.ANA;
import static dev.cairn.server.tenancy.TenancyFixture.BEN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.server.TenantId;
import dev.cairn.spec.Compatibility;
import dev.cairn.spec.SchemaChange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SchemaDraftsTest {
  private final TenancyFixture f = new TenancyFixture();
  private final SchemaDrafts drafts = new SchemaDrafts(f.tx);
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
  void anInvalidDraftIsReportedAtLineAndColumnAndNothingIsStored() {
    SchemaDrafts.Check check =
        drafts.check(ANA, acme, "type Post @model {\n  id: ID!\n  rating: Rating\n}\n");

    assertThat(check.errors())
        .anySatisfy(
            e -> {
              assertThat(e.line()).isEqualTo(3);
              assertThat(e.column()).isGreaterThan(1);
              assertThat(e.message()).contains("Rating");
            });
    assertThat(f.schemas.list(ANA, acme)).isEmpty();
  }

  @Test
  void aValidDraftIsDiffedAgainstTheActiveVersionLikePublishing() {
    f.schemas.publish(ANA, acme, SchemasTest.V1, false, true);

    SchemaDrafts.Check check = drafts.check(ANA, acme, SchemasTest.V3_BREAKING);

    assertThat(check.errors()).isEmpty();
    assertThat(check.activeVersion()).hasValue(1);
    assertThat(check.changes())
        .extracting(SchemaChange::compatibility)
        .contains(Compatibility.BREAKING);
  }

  @Test
  void someoneOutsideTheTenantCannotCheckDraftsAgainstIt() {
    assertThatThrownBy(() -> drafts.check(BEN, acme, SchemasTest.V1))
        .isInstanceOfSatisfying(
            TenancyException.class,
            e -> assertThat(e.kind()).isEqualTo(TenancyException.Kind.NOT_FOUND));
  }
}
