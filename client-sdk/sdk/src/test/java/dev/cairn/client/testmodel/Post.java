package dev.cairn.client.testmodel;

import dev.cairn.client.FieldKind;
import dev.cairn.client.ModelField;
import dev.cairn.client.ModelType;
import dev.cairn.client.QueryField;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A model written the way the codegen plugin writes one, for the SDK's own tests (the plugin runs
 * after this module in the reactor).
 */
public record Post(String id, String title, Integer rating, Status status, List<String> tags) {
  public enum Status {
    DRAFT,
    PUBLISHED
  }

  public static final QueryField<String> ID = QueryField.of("id");
  public static final QueryField<String> TITLE = QueryField.of("title");
  public static final QueryField<Integer> RATING = QueryField.of("rating");
  public static final QueryField<Status> STATUS = QueryField.of("status");

  public static final ModelType<Post> TYPE =
      ModelType.builder(Post.class, "Post", "Posts")
          .field(ModelField.of("id", FieldKind.ID, true))
          .field(ModelField.of("title", FieldKind.STRING, true))
          .field(ModelField.of("rating", FieldKind.INT, false))
          .field(ModelField.enumeration("status", false, List.of("DRAFT", "PUBLISHED")))
          .field(ModelField.of("tags", FieldKind.STRING, false).asList())
          .field(ModelField.readOnly("createdAt", FieldKind.STRING))
          .field(ModelField.readOnly("updatedAt", FieldKind.STRING))
          .index("rating")
          .codec(Post::values, Post::from)
          .build();

  public Post withTitle(String newTitle) {
    return new Post(id, newTitle, rating, status, tags);
  }

  public Post withRating(Integer newRating) {
    return new Post(id, title, newRating, status, tags);
  }

  private static Map<String, Object> values(Post p) {
    Map<String, Object> m = new HashMap<>();
    m.put("id", p.id);
    m.put("title", p.title);
    m.put("rating", p.rating);
    m.put("status", p.status == null ? null : p.status.name());
    m.put("tags", p.tags);
    return m;
  }

  @SuppressWarnings("unchecked")
  private static Post from(Map<String, Object> m) {
    Object rating = m.get("rating");
    Object status = m.get("status");
    return new Post(
        (String) m.get("id"),
        (String) m.get("title"),
        rating == null ? null : ((Number) rating).intValue(),
        status == null ? null : Status.valueOf((String) status),
        (List<String>) m.get("tags"));
  }
}
