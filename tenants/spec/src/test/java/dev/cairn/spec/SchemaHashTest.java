package dev.cairn.spec;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The hash changes exactly when the local storage shape changes. */
class SchemaHashTest {
  private static final String BASE =
      """
      enum Status { OPEN CLOSED }
      type Note @model @auth(rules: [{ allow: owner }]) {
        id: ID!
        title: String!
        status: Status
        body: String @default(value: "empty")
        tags: [String]
      }
      """;

  private static String hash(String sdl) {
    return SchemaHash.of(TestSchemas.parse(sdl));
  }

  @Test
  void hashIs32HexCharactersAndStable() {
    assertThat(hash(BASE)).matches("[0-9a-f]{32}").isEqualTo(hash(BASE));
  }

  @Test
  void formattingCommentsAndFieldOrderDoNotChangeTheHash() {
    String reordered =
        """
        # a comment
        type Note @model @auth(rules: [{ allow: owner }]) {
          tags: [String]
          body: String @default(value: "empty")
          status: Status
          title: String!
          id: ID!
        }
        enum Status { CLOSED OPEN }
        """;
    assertThat(hash(reordered)).isEqualTo(hash(BASE));
  }

  @Test
  void authRulesDefaultsPoliciesAndQueryNamesDoNotChangeTheHash() {
    String changed =
        BASE.replace("{ allow: owner }", "{ allow: owner }, { allow: public }")
            .replace("@default(value: \"empty\")", "@conflict(policy: CLIENT_WINS)")
            .replace("@model", "@model(queries: { list: \"allNotes\" })");
    assertThat(hash(changed)).isEqualTo(hash(BASE));
  }

  @Test
  void addingAFieldChangesTheHash() {
    assertThat(hash(BASE.replace("tags: [String]", "tags: [String]\n  pinned: Boolean")))
        .isNotEqualTo(hash(BASE));
  }

  @Test
  void changingNullabilityOrListnessChangesTheHash() {
    assertThat(hash(BASE.replace("title: String!", "title: String"))).isNotEqualTo(hash(BASE));
    assertThat(hash(BASE.replace("tags: [String]", "tags: String"))).isNotEqualTo(hash(BASE));
  }

  @Test
  void addingAnEnumValueChangesTheHash() {
    assertThat(hash(BASE.replace("OPEN CLOSED", "OPEN CLOSED ARCHIVED"))).isNotEqualTo(hash(BASE));
  }

  @Test
  void addingAnIndexOrChangingTheKeyChangesTheHash() {
    assertThat(hash(BASE.replace("title: String!", "title: String! @index(name: \"byTitle\")")))
        .isNotEqualTo(hash(BASE));
    assertThat(hash(BASE.replace("title: String!", "title: String! @primaryKey")))
        .isNotEqualTo(hash(BASE));
  }

  @Test
  void implicitFieldsCountAsStoredFields() {
    assertThat(hash(BASE.replace("@model", "@model(timestamps: null)"))).isNotEqualTo(hash(BASE));
  }
}
