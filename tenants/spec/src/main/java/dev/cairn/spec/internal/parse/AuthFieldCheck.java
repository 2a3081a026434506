package dev.cairn.spec.internal.parse;

import dev.cairn.spec.AuthRule;
import dev.cairn.spec.internal.parse.Drafts.FieldDraft;
import dev.cairn.spec.internal.parse.Drafts.ModelDraft;
import graphql.language.Node;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Checks the fields that auth rules name: an owner field holds String or ID values and is not part
 * of the primary key (an ownership change would otherwise be a new record); a {@code groupsField}
 * is a declared String field.
 */
final class AuthFieldCheck {
  private final Diagnostics diagnostics;
  private final AuthReader auth;

  AuthFieldCheck(Diagnostics diagnostics, AuthReader auth) {
    this.diagnostics = diagnostics;
    this.auth = auth;
  }

  /** The model's rules followed by its fields' rules. */
  static List<AuthRule> allRules(ModelDraft model) {
    List<AuthRule> rules = new ArrayList<>(model.authRules);
    model.fields.forEach(f -> rules.addAll(f.authRules));
    return rules;
  }

  /** Checks every rule of {@code model}; run after the implicit fields are added. */
  void check(ModelDraft model) {
    for (AuthRule rule : allRules(model)) {
      rule.ownerField().ifPresent(owner -> checkOwnerField(model, owner));
      rule.groupsField().ifPresent(groups -> checkGroupsField(model, rule, groups));
    }
  }

  private void checkOwnerField(ModelDraft model, String ownerField) {
    Optional<FieldDraft> declared = model.field(ownerField);
    if (declared.isPresent() && !Set.of("String", "ID").contains(declared.get().type.name())) {
      diagnostics.error(
          declared.get().node,
          "owner field `"
              + ownerField
              + "` of `"
              + model.name
              + "` must be String, ID or a list of them, not `"
              + declared.get().type.toGraphQL()
              + "`");
    }
    List<String> key = model.primaryKey.fields();
    if (key.contains(ownerField)) {
      boolean sortKey = !key.get(0).equals(ownerField);
      Node<?> fallback = declared.isPresent() ? declared.get().node : model.node;
      Node<?> at = model.keyNodes.getOrDefault(ownerField, fallback);
      String fix =
          ownerField.equals("id")
              ? "name another field as the owner field, e.g. `ownerField: \"owner\"`"
              : "key `"
                  + model.name
                  + "` by another field (e.g. `id: ID!`) and look records up by owner with"
                  + " @index(name: \"by"
                  + Names.upperFirst(ownerField)
                  + "\") on `"
                  + ownerField
                  + "`";
      diagnostics.error(
          at,
          "owner field `"
              + ownerField
              + "` of `"
              + model.name
              + "` is "
              + (sortKey ? "a sort key of its primary key" : "its primary key")
              + "; the owner would be part of the record's identity and a change of owner a"
              + " new record; "
              + fix);
    }
  }

  private void checkGroupsField(ModelDraft model, AuthRule rule, String groupsField) {
    Optional<FieldDraft> declared = model.field(groupsField);
    if (declared.isEmpty()) {
      if (model.joinModel) {
        // Amplify copies both sides' rules onto the join model, where the field does not exist:
        // the rule grants nothing there, and the other rules decide.
        return;
      }
      Optional<? extends Node<?>> at = auth.valueOf(rule, "groupsField");
      diagnostics.error(
          at.isPresent() ? at.get() : model.node,
          "`groupsField: \""
              + groupsField
              + "\"` of model `"
              + model.name
              + "` names no field; declare `"
              + groupsField
              + ": [String]`");
    } else if (!declared.get().type.name().equals("String")) {
      diagnostics.error(
          declared.get().node,
          "groups field `"
              + groupsField
              + "` of `"
              + model.name
              + "` must be String or [String], not `"
              + declared.get().type.toGraphQL()
              + "`");
    }
  }
}
