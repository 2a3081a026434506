package dev.cairn.launcher.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TenantDescriptorTest {
  @TempDir Path dir;

  @Test
  void readsSlugSchemaApiKeysConflictsAndDemoUsers() throws IOException {
    write(
        """
        version: 1
        slug: shop
        name: Shop
        schema: model/schema.graphql
        auth:
          apiKeys: true
        demoUsers:
          - username: ana
            password: pw
            groups: [staff, beta]
          - username: ben
            password: pw2
        conflicts:
          default: AUTOMERGE
          models:
            Order: OPTIMISTIC_CONCURRENCY
        """);
    Files.createDirectories(dir.resolve("model"));
    Files.writeString(dir.resolve("model/schema.graphql"), "type A { id: ID! }");

    TenantDescriptor d = TenantDescriptor.read(dir);

    assertThat(d.slug()).isEqualTo("shop");
    assertThat(d.name()).isEqualTo("Shop");
    assertThat(d.schema()).isEqualTo(dir.resolve("model/schema.graphql"));
    assertThat(d.apiKeys()).isTrue();
    assertThat(d.conflictDefault()).hasValue("AUTOMERGE");
    assertThat(d.conflictModels()).isEqualTo(Map.of("Order", "OPTIMISTIC_CONCURRENCY"));
    assertThat(d.demoUsers())
        .containsExactly(
            new TenantDescriptor.DemoUser("ana", "pw", List.of("staff", "beta")),
            new TenantDescriptor.DemoUser("ben", "pw2", List.of()));
  }

  @Test
  void optionalPartsDefaultToNameFromSlugNoKeysNoUsersNoConflicts() throws IOException {
    write("version: 1\nslug: tiny\n");
    Files.writeString(dir.resolve("schema.graphql"), "type A { id: ID! }");

    TenantDescriptor d = TenantDescriptor.read(dir);

    assertThat(d.name()).isEqualTo("tiny");
    assertThat(d.apiKeys()).isFalse();
    assertThat(d.conflictDefault()).isEmpty();
    assertThat(d.conflictModels()).isEmpty();
    assertThat(d.demoUsers()).isEmpty();
  }

  @Test
  void aMissingSlugIsNamedWithTheFile() throws IOException {
    write("version: 1\nname: No slug\n");

    assertThatThrownBy(() -> TenantDescriptor.read(dir))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("tenant.yaml")
        .hasMessageContaining("`slug` is required");
  }

  @Test
  void aDemoUserWithoutPasswordNamesItsPosition() throws IOException {
    write("version: 1\nslug: s\ndemoUsers:\n  - username: ana\n");
    Files.writeString(dir.resolve("schema.graphql"), "type A { id: ID! }");

    assertThatThrownBy(() -> TenantDescriptor.read(dir))
        .hasMessageContaining("`demoUsers[0].password` is required");
  }

  @Test
  void anotherFormatVersionOrAMissingSchemaFileIsRefused() throws IOException {
    write("version: 2\nslug: s\n");
    assertThatThrownBy(() -> TenantDescriptor.read(dir)).hasMessageContaining("format version 1");

    write("version: 1\nslug: s\nschema: nope.graphql\n");
    assertThatThrownBy(() -> TenantDescriptor.read(dir))
        .hasMessageContaining("nope.graphql, which does not exist");
  }

  @Test
  void everyExampleTenantInTheRepositoryReadsAndHasDemoUsers() throws IOException {
    List<TenantDescriptor> examples =
        ExampleTenants.descriptors(Path.of("../../tenants/examples").toAbsolutePath().normalize());

    assertThat(examples)
        .extracting(TenantDescriptor::slug)
        .containsExactly("chat", "fleet", "inventory", "storefront");
    assertThat(examples).allSatisfy(e -> assertThat(e.demoUsers()).isNotEmpty());
  }

  private void write(String yaml) throws IOException {
    Files.writeString(dir.resolve("tenant.yaml"), yaml);
  }
}
