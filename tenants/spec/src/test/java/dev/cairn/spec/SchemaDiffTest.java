package dev.cairn.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Each kind of change is found and classified, with one sentence for a human. */
class SchemaDiffTest {
  private static final String BASE =
      """
      enum Status { OPEN CLOSED }
      type Note @model @auth(rules: [{ allow: owner }]) {
        id: ID!
        title: String!
        status: Status
        body: String
        count: Int
      }
      type Tag @model @auth(rules: [{ allow: public }]) { id: ID! label: String }
      """;

  private static List<SchemaChange> diff(String after) {
    return SchemaDiff.between(TestSchemas.parse(BASE), TestSchemas.parse(after));
  }

  private static SchemaChange only(String after) {
    List<SchemaChange> changes = diff(after);
    assertThat(changes).hasSize(1);
    return changes.get(0);
  }

  @Test
  void identicalSchemasHaveNoChanges() {
    assertThat(diff(BASE)).isEmpty();
  }

  @Test
  void addedModelIsCompatibleAndRemovedModelIsBreaking() {
    SchemaChange added =
        only(BASE + "type Pin @model @auth(rules: [{ allow: public }]) { id: ID! }");
    assertThat(added.compatibility()).isEqualTo(Compatibility.COMPATIBLE);
    assertThat(added.subject()).isEqualTo("Pin");
    assertThat(added.description())
        .isEqualTo("Model Pin was added; existing apps ignore it until they are updated.");

    SchemaChange removed = only(BASE.substring(0, BASE.indexOf("type Tag")));
    assertThat(removed.compatibility()).isEqualTo(Compatibility.BREAKING);
    assertThat(removed.subject()).isEqualTo("Tag");
  }

  @Test
  void addedOptionalFieldIsCompatible() {
    SchemaChange change = only(BASE.replace("count: Int", "count: Int\n  pinned: Boolean"));
    assertThat(change)
        .extracting(SchemaChange::compatibility, SchemaChange::subject)
        .containsExactly(Compatibility.COMPATIBLE, "Note.pinned");
  }

  @Test
  void addedRequiredFieldIsBreakingWithoutDefaultAndMigratableWithOne() {
    assertThat(only(BASE.replace("count: Int", "count: Int\n  rank: Int!")).compatibility())
        .isEqualTo(Compatibility.BREAKING);
    SchemaChange withDefault =
        only(BASE.replace("count: Int", "count: Int\n  rank: Int! @default(value: \"0\")"));
    assertThat(withDefault.compatibility()).isEqualTo(Compatibility.MIGRATABLE);
    assertThat(withDefault.description()).contains("existing records are backfilled");
  }

  @Test
  void removedFieldIsBreaking() {
    SchemaChange change = only(BASE.replace("  body: String\n", ""));
    assertThat(change)
        .extracting(SchemaChange::compatibility, SchemaChange::subject)
        .containsExactly(Compatibility.BREAKING, "Note.body");
  }

  @Test
  void typeChangeIsBreaking() {
    SchemaChange change = only(BASE.replace("count: Int", "count: Float"));
    assertThat(change.compatibility()).isEqualTo(Compatibility.BREAKING);
    assertThat(change.description())
        .isEqualTo(
            "Field count of Note changed type from Int to Float; stored values and apps disagree.");
  }

  @Test
  void nullabilityChangesAreClassifiedByDirection() {
    assertThat(only(BASE.replace("title: String!", "title: String")).compatibility())
        .isEqualTo(Compatibility.MIGRATABLE);
    assertThat(only(BASE.replace("body: String", "body: String!")).compatibility())
        .isEqualTo(Compatibility.BREAKING);
  }

  @Test
  void enumValueAddedIsCompatibleAndRemovedIsBreaking() {
    assertThat(only(BASE.replace("OPEN CLOSED", "OPEN CLOSED ARCHIVED")))
        .extracting(SchemaChange::compatibility, SchemaChange::subject)
        .containsExactly(Compatibility.COMPATIBLE, "Status.ARCHIVED");
    assertThat(only(BASE.replace("OPEN CLOSED", "OPEN")))
        .extracting(SchemaChange::compatibility, SchemaChange::subject)
        .containsExactly(Compatibility.BREAKING, "Status.CLOSED");
  }

  @Test
  void primaryKeyChangeIsBreaking() {
    List<SchemaChange> changes = diff(BASE.replace("title: String!", "title: String! @primaryKey"));
    assertThat(changes)
        .anySatisfy(
            c -> {
              assertThat(c.compatibility()).isEqualTo(Compatibility.BREAKING);
              assertThat(c.description())
                  .contains("primary key of Note changed from [id] to [title]");
            });
  }

  @Test
  void addedIndexIsMigratableAndRemovedQueryIndexIsBreaking() {
    String indexed = BASE.replace("title: String!", "title: String! @index(name: \"byTitle\")");
    assertThat(only(indexed).compatibility()).isEqualTo(Compatibility.MIGRATABLE);
    List<SchemaChange> removed =
        SchemaDiff.between(TestSchemas.parse(indexed), TestSchemas.parse(BASE));
    assertThat(removed)
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.compatibility()).isEqualTo(Compatibility.BREAKING);
              assertThat(c.description()).contains("the query notesByTitle");
            });
  }

  @Test
  void authRuleChangeIsReportedAsRemovalAndAddition() {
    List<SchemaChange> changes = diff(BASE.replace("{ allow: owner }", "{ allow: private }"));
    // The implicit owner field goes with the owner rule.
    assertThat(changes)
        .extracting(SchemaChange::compatibility, SchemaChange::subject)
        .containsExactly(
            tuple(Compatibility.BREAKING, "Note.owner"),
            tuple(Compatibility.BREAKING, "Note"),
            tuple(Compatibility.COMPATIBLE, "Note"));
    assertThat(changes.get(1).description()).contains("`owner (owner) via userPools");
  }

  @Test
  void conflictPolicyChangeIsCompatible() {
    assertThat(only(BASE.replace("count: Int", "count: Int @conflict(policy: COUNTER)")))
        .extracting(SchemaChange::compatibility, SchemaChange::subject)
        .containsExactly(Compatibility.COMPATIBLE, "Note.count");
  }

  @Test
  void disablingAnOperationIsBreaking() {
    List<SchemaChange> changes =
        diff(BASE.replace("type Tag @model", "type Tag @model(subscriptions: null)"));
    assertThat(changes)
        .hasSize(3)
        .allSatisfy(c -> assertThat(c.compatibility()).isEqualTo(Compatibility.BREAKING));
  }

  @Test
  void addedFieldGateIsBreakingAndRemovedFieldGateIsCompatible() {
    String gated = BASE.replace("body: String", "body: String @cairnFlag(key: \"rich-body\")");
    SchemaChange added = only(gated);
    assertThat(added)
        .extracting(SchemaChange::compatibility, SchemaChange::subject)
        .containsExactly(Compatibility.BREAKING, "Note.body");
    assertThat(added.description())
        .isEqualTo(
            "Field body of Note is now gated by flag rich-body; callers for whom that flag is off"
                + " no longer read, sync or write it.");

    List<SchemaChange> removed =
        SchemaDiff.between(TestSchemas.parse(gated), TestSchemas.parse(BASE));
    assertThat(removed)
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.compatibility()).isEqualTo(Compatibility.COMPATIBLE);
              assertThat(c.subject()).isEqualTo("Note.body");
              assertThat(c.description())
                  .startsWith("Field body of Note is no longer gated by flag rich-body;");
            });
  }

  @Test
  void movingAFieldGateToAnotherFlagIsBreaking() {
    String before = BASE.replace("body: String", "body: String @cairnFlag(key: \"a\")");
    String after = BASE.replace("body: String", "body: String @cairnFlag(key: \"b\")");
    assertThat(SchemaDiff.between(TestSchemas.parse(before), TestSchemas.parse(after)))
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.compatibility()).isEqualTo(Compatibility.BREAKING);
              assertThat(c.description()).contains("gated by flag b instead of a");
            });
  }

  @Test
  void addedModelGateIsBreakingAndRemovedModelGateIsCompatible() {
    String gated = BASE.replace("type Tag @model", "type Tag @model @cairnFlag(key: \"tags\")");
    SchemaChange added = only(gated);
    assertThat(added)
        .extracting(SchemaChange::compatibility, SchemaChange::subject)
        .containsExactly(Compatibility.BREAKING, "Tag");
    assertThat(added.description()).startsWith("Model Tag is now gated by flag tags;");
    assertThat(SchemaDiff.between(TestSchemas.parse(gated), TestSchemas.parse(BASE)))
        .extracting(SchemaChange::compatibility, SchemaChange::subject)
        .containsExactly(tuple(Compatibility.COMPATIBLE, "Tag"));
  }
}
