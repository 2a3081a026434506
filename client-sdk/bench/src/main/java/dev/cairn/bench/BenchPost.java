package dev.cairn.bench;

import dev.cairn.client.FieldKind;
import dev.cairn.client.ModelField;
import dev.cairn.client.ModelType;
import dev.cairn.client.QueryField;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@link SdkBench}'s model, written as the codegen plugin writes one for {@link #SCHEMA} (the bench
 * module is not a codegen project): {@code rating} is indexed in the local store, as {@code @index}
 * makes it.
 */
record BenchPost(
    String id,
    String title,
    String body,
    Integer rating,
    List<String> tags,
    String createdAt,
    String updatedAt) {

  static final String SCHEMA =
      "type Post @model @auth(rules: [{ allow: public }]) { id: ID! title: String! body: String"
          + " rating: Int @index(name: \"byRating\") tags: [String] }";

  static final QueryField<Integer> RATING = QueryField.of("rating");

  static final ModelType<BenchPost> TYPE =
      ModelType.builder(BenchPost.class, "Post", "Posts")
          .field(ModelField.of("id", FieldKind.ID, true))
          .field(ModelField.of("title", FieldKind.STRING, true))
          .field(ModelField.of("body", FieldKind.STRING, false))
          .field(ModelField.of("rating", FieldKind.INT, false))
          .field(ModelField.of("tags", FieldKind.STRING, false).asList())
          .field(ModelField.readOnly("createdAt", FieldKind.STRING))
          .field(ModelField.readOnly("updatedAt", FieldKind.STRING))
          .index("rating")
          .codec(BenchPost::values, BenchPost::from)
          .build();

  /** A new Post as an app creates one (no timestamps: the server sets them). */
  static BenchPost create(String id, String title, String body, Integer rating, List<String> tags) {
    return new BenchPost(id, title, body, rating, tags, null, null);
  }

  private static Map<String, Object> values(BenchPost p) {
    Map<String, Object> m = new HashMap<>();
    m.put("id", p.id);
    m.put("title", p.title);
    m.put("body", p.body);
    m.put("rating", p.rating);
    m.put("tags", p.tags);
    m.put("createdAt", p.createdAt);
    m.put("updatedAt", p.updatedAt);
    return m;
  }

  @SuppressWarnings("unchecked")
  private static BenchPost from(Map<String, Object> m) {
    Object rating = m.get("rating");
    return new BenchPost(
        (String) m.get("id"),
        (String) m.get("title"),
        (String) m.get("body"),
        rating == null ? null : ((Number) rating).intValue(),
        (List<String>) m.get("tags"),
        (String) m.get("createdAt"),
        (String) m.get("updatedAt"));
  }
}
