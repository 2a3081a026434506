package dev.cairn.spec.internal.parse;

import dev.cairn.spec.AuthRule;
import dev.cairn.spec.AuthStrategy;
import dev.cairn.spec.FieldOrigin;
import dev.cairn.spec.FieldType;
import dev.cairn.spec.Scalar;
import dev.cairn.spec.internal.parse.Drafts.FieldDraft;
import dev.cairn.spec.internal.parse.Drafts.ModelDraft;
import java.util.List;
import java.util.Optional;

/**
 * Adds the fields a model has without declaring them, as Amplify's transformer does: {@code id:
 * ID!} for the default key, the {@code createdAt}/{@code updatedAt} timestamps and a {@code String}
 * owner field for each owner rule whose field is not declared.
 */
final class ImplicitFields {
  private final Diagnostics diagnostics;

  ImplicitFields(Diagnostics diagnostics) {
    this.diagnostics = diagnostics;
  }

  /** Adds {@code id: ID!} first when the model has the default key and does not declare it. */
  void addId(ModelDraft model) {
    if (model.primaryKey.isDefaultId() && model.field("id").isEmpty()) {
      model.fields.add(
          0,
          new FieldDraft(
              "id", FieldType.scalar(Scalar.ID, true), FieldOrigin.DECLARED, model.node));
    }
  }

  /** Adds the timestamp and owner fields; run after relations are resolved and auth is read. */
  void addTimestampsAndOwners(ModelDraft model) {
    for (Optional<String> timestamp :
        List.of(model.timestamps.createdAt(), model.timestamps.updatedAt())) {
      timestamp.ifPresent(name -> addTimestamp(model, name));
    }
    for (AuthRule rule : AuthFieldCheck.allRules(model)) {
      if (rule.allow() == AuthStrategy.OWNER) {
        String ownerField = rule.ownerField().orElseThrow();
        if (model.field(ownerField).isEmpty()) {
          model.foreignKeys.add(
              new FieldDraft(
                  ownerField,
                  FieldType.scalar(Scalar.String, false),
                  FieldOrigin.OWNER,
                  model.node));
        }
      }
    }
  }

  private void addTimestamp(ModelDraft model, String name) {
    Optional<FieldDraft> declared = model.field(name);
    if (declared.isEmpty()) {
      model.fields.add(
          new FieldDraft(
              name, FieldType.scalar(Scalar.AWSDateTime, true), FieldOrigin.TIMESTAMP, model.node));
    } else if (!declared.get().type.name().equals("AWSDateTime") || declared.get().type.list()) {
      diagnostics.error(
          declared.get().node,
          "timestamp field `"
              + name
              + "` of `"
              + model.name
              + "` must be `AWSDateTime`; change its type or rename the timestamp in"
              + " @model(timestamps:)");
    }
  }
}
