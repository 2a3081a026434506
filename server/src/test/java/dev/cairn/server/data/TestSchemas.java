package dev.cairn.server.data;

import dev.cairn.spec.Model;
import dev.cairn.spec.ModelSchema;
import dev.cairn.spec.ModelSchemaParser;

/** Small tenant schemas for data-plane tests. */
public final class TestSchemas {
  public static final String NOTES =
      """
      enum Mood { HAPPY SAD }
      type Note @model @auth(rules: [{ allow: public }]) {
        id: ID!
        title: String!
        body: String
        rating: Int
        score: Float
        done: Boolean
        mood: Mood
        tags: [String]
        counter: Int @conflict(policy: COUNTER)
        labels: [String] @conflict(policy: SET_UNION)
        note: String @conflict(policy: CLIENT_WINS)
      }
      type Task @model @auth(rules: [{ allow: public }]) {
        id: ID!
        priority: Int @default(value: "3")
        weight: Float @default(value: "0.5")
        urgent: Boolean @default(value: "false")
        mood: Mood @default(value: "HAPPY")
        label: String @default(value: "todo")
      }
      type Bin @model @auth(rules: [{ allow: public }]) {
        warehouseId: ID! @primaryKey(sortKeyFields: ["code"])
        code: String!
        aisle: String
      }
      """;

  private TestSchemas() {}

  public static ModelSchema notes() {
    return ModelSchemaParser.parse("notes.graphql", NOTES).orElseThrow();
  }

  public static Model note() {
    return notes().model("Note").orElseThrow();
  }

  public static Model task() {
    return notes().model("Task").orElseThrow();
  }

  public static Model bin() {
    return notes().model("Bin").orElseThrow();
  }
}
