package dev.cairn.client.testmodel;

import dev.cairn.client.FieldKind;
import dev.cairn.client.ModelField;
import dev.cairn.client.ModelType;
import dev.cairn.client.QueryField;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code Post} of the real Amplify client's schema ({@code server/src/test/amplify/schema.js}:
 * title, body, rating, tags), written the way the codegen plugin writes a model, so that SDK
 * clients and the Amplify DataStore client can share one tenant.
 */
public record Article(String id, String title, String body, Integer rating, List<String> tags) {
  public static final QueryField<String> ID = QueryField.of("id");
  public static final QueryField<String> TITLE = QueryField.of("title");

  public static final ModelType<Article> TYPE =
      ModelType.builder(Article.class, "Post", "Posts")
          .field(ModelField.of("id", FieldKind.ID, true))
          .field(ModelField.of("title", FieldKind.STRING, true))
          .field(ModelField.of("body", FieldKind.STRING, false))
          .field(ModelField.of("rating", FieldKind.INT, false))
          .field(ModelField.of("tags", FieldKind.STRING, false).asList())
          .field(ModelField.readOnly("createdAt", FieldKind.STRING))
          .field(ModelField.readOnly("updatedAt", FieldKind.STRING))
          .codec(Article::values, Article::from)
          .build();

  public Article withTitle(String newTitle) {
    return new Article(id, newTitle, body, rating, tags);
  }

  public Article withBody(String newBody) {
    return new Article(id, title, newBody, rating, tags);
  }

  public Article withRating(Integer newRating) {
    return new Article(id, title, body, newRating, tags);
  }

  private static Map<String, Object> values(Article a) {
    Map<String, Object> m = new HashMap<>();
    m.put("id", a.id);
    m.put("title", a.title);
    m.put("body", a.body);
    m.put("rating", a.rating);
    m.put("tags", a.tags);
    return m;
  }

  @SuppressWarnings("unchecked")
  private static Article from(Map<String, Object> m) {
    Object rating = m.get("rating");
    return new Article(
        (String) m.get("id"),
        (String) m.get("title"),
        (String) m.get("body"),
        rating == null ? null : ((Number) rating).intValue(),
        (List<String>) m.get("tags"));
  }
}
