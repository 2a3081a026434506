package dev.cairn.spec.internal.api;

import dev.cairn.spec.AuthRule;
import dev.cairn.spec.AuthStrategy;
import dev.cairn.spec.Field;
import dev.cairn.spec.FieldOrigin;
import dev.cairn.spec.Model;
import dev.cairn.spec.ModelOperation;
import dev.cairn.spec.SubscriptionLevel;
import dev.cairn.spec.TypeKind;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The per-model filter, condition and subscription-filter inputs and the owner arguments of
 * subscriptions, with fields in the order Amplify's transformer emits them.
 */
final class ModelInputs {
  private ModelInputs() {}

  private static String lines(List<String> lines) {
    return ApiSchemaBuilder.lines(lines);
  }

  static boolean filterable(Field field) {
    return !field.isRelation()
        && (field.type().kind() == TypeKind.SCALAR || field.type().kind() == TypeKind.ENUM);
  }

  static String filterInput(Model model) {
    String name = "Model" + model.name() + "FilterInput";
    List<String> fields = new ArrayList<>();
    List<Field> tail = new ArrayList<>();
    for (Field field : model.fields()) {
      if (!filterable(field)) {
        continue;
      }
      if (field.origin() == FieldOrigin.FOREIGN_KEY || field.origin() == FieldOrigin.OWNER) {
        tail.add(field);
      } else {
        fields.add(field.name() + ": " + FieldInputs.filter(field.type()));
      }
    }
    fields.add("and: [" + name + "]");
    fields.add("or: [" + name + "]");
    fields.add("not: " + name);
    fields.add("_deleted: ModelBooleanInput");
    tail.forEach(f -> fields.add(f.name() + ": " + FieldInputs.filter(f.type())));
    return "input " + name + " {\n" + lines(fields) + "}";
  }

  static String conditionInput(Model model) {
    String name = "Model" + model.name() + "ConditionInput";
    List<String> fields = new ArrayList<>();
    List<Field> tail = new ArrayList<>();
    for (Field field : model.fields()) {
      if (!filterable(field) || model.primaryKey().fields().contains(field.name())) {
        continue;
      }
      if (field.origin() == FieldOrigin.DECLARED) {
        fields.add(field.name() + ": " + FieldInputs.filter(field.type()));
      } else {
        tail.add(field);
      }
    }
    fields.add("and: [" + name + "]");
    fields.add("or: [" + name + "]");
    fields.add("not: " + name);
    fields.add("_deleted: ModelBooleanInput");
    tail.forEach(f -> fields.add(f.name() + ": " + FieldInputs.filter(f.type())));
    return "input " + name + " {\n" + lines(fields) + "}";
  }

  private static Set<String> ownerFields(Model model, boolean includeFieldRules) {
    Set<String> names = new LinkedHashSet<>();
    List<AuthRule> rules = new ArrayList<>(model.authRules());
    if (includeFieldRules) {
      model.fields().forEach(f -> rules.addAll(f.authRules()));
    }
    for (AuthRule rule : rules) {
      rule.ownerField().ifPresent(names::add);
    }
    return names;
  }

  static String subscriptionFilter(Model model) {
    String name = "ModelSubscription" + model.name() + "FilterInput";
    Set<String> owners = ownerFields(model, true);
    Set<String> groupFields = new LinkedHashSet<>();
    model.authRules().forEach(r -> r.groupsField().ifPresent(groupFields::add));
    model
        .fields()
        .forEach(f -> f.authRules().forEach(r -> r.groupsField().ifPresent(groupFields::add)));
    List<String> fields = new ArrayList<>();
    List<Field> keys = new ArrayList<>();
    for (Field field : model.fields()) {
      if (!filterable(field)
          || owners.contains(field.name())
          || groupFields.contains(field.name())) {
        continue;
      }
      if (field.origin() == FieldOrigin.FOREIGN_KEY) {
        keys.add(field);
      } else {
        fields.add(field.name() + ": " + FieldInputs.subscriptionFilter(field.type()));
      }
    }
    fields.add("and: [" + name + "]");
    fields.add("or: [" + name + "]");
    fields.add("_deleted: ModelBooleanInput");
    keys.forEach(f -> fields.add(f.name() + ": " + FieldInputs.subscriptionFilter(f.type())));
    owners.forEach(o -> fields.add(o + ": ModelStringInput"));
    return "input " + name + " {\n" + lines(fields) + "}";
  }

  static String ownerArguments(Model model) {
    if (model.operations().subscriptionLevel() != SubscriptionLevel.ON) {
      return "";
    }
    StringBuilder out = new StringBuilder();
    Set<String> seen = new LinkedHashSet<>();
    for (AuthRule rule : model.authRules()) {
      if (rule.allow() != AuthStrategy.OWNER || !rule.allows(ModelOperation.LISTEN)) {
        continue;
      }
      String field = rule.ownerField().orElseThrow();
      boolean list = model.field(field).map(f -> f.type().list()).orElse(false);
      if (!list && seen.add(field)) {
        out.append(", ").append(field).append(": String");
      }
    }
    return out.toString();
  }
}
