package dev.cairn.client.testmodel;

import dev.cairn.client.FieldKind;
import dev.cairn.client.ModelField;
import dev.cairn.client.ModelType;
import dev.cairn.client.QueryField;
import java.util.HashMap;
import java.util.Map;

/** A second test model (written as the codegen plugin would), used with optimistic concurrency. */
public record Note(String id, String text) {
  public static final QueryField<String> TEXT = QueryField.of("text");

  public static final ModelType<Note> TYPE =
      ModelType.builder(Note.class, "Note", "Notes")
          .field(ModelField.of("id", FieldKind.ID, true))
          .field(ModelField.of("text", FieldKind.STRING, true))
          .field(ModelField.readOnly("createdAt", FieldKind.STRING))
          .field(ModelField.readOnly("updatedAt", FieldKind.STRING))
          .codec(
              n -> {
                Map<String, Object> m = new HashMap<>();
                m.put("id", n.id());
                m.put("text", n.text());
                return m;
              },
              m -> new Note((String) m.get("id"), (String) m.get("text")))
          .build();
}
