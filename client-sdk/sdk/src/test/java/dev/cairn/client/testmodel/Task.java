package dev.cairn.client.testmodel;

import dev.cairn.client.FieldKind;
import dev.cairn.client.ModelAuthRule;
import dev.cairn.client.ModelField;
import dev.cairn.client.ModelType;
import java.util.HashMap;
import java.util.Map;

/** An owner-auth test model (written as the codegen plugin would). */
public record Task(String id, String title, String owner) {
  public static final ModelType<Task> TYPE =
      ModelType.builder(Task.class, "Task", "Tasks")
          .field(ModelField.of("id", FieldKind.ID, true))
          .field(ModelField.of("title", FieldKind.STRING, true))
          .field(ModelField.readOnly("createdAt", FieldKind.STRING))
          .field(ModelField.readOnly("updatedAt", FieldKind.STRING))
          .field(ModelField.of("owner", FieldKind.STRING, false))
          .ownerField("owner")
          .authRule(
              ModelAuthRule.owner(
                  "userPools", "owner", "cognito:username", "create", "update", "delete", "read"))
          .codec(
              t -> {
                Map<String, Object> m = new HashMap<>();
                m.put("id", t.id());
                m.put("title", t.title());
                m.put("owner", t.owner());
                return m;
              },
              m -> new Task((String) m.get("id"), (String) m.get("title"), (String) m.get("owner")))
          .build();
}
