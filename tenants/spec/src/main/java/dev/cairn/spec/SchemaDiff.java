package dev.cairn.spec;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Compares two versions of a tenant schema and classifies each change as {@link
 * Compatibility#COMPATIBLE}, {@link Compatibility#MIGRATABLE} or {@link Compatibility#BREAKING}.
 *
 * <p>Rules: adding a model, an optional field, an enum value or an auth rule is compatible; adding
 * a required field with {@code @default}, an index, or making a field optional is migratable;
 * removing a model, field, enum value or auth rule, changing a field's type, list-ness or primary
 * key, making a field required, and disabling an operation are breaking. Auth rule changes are
 * reported as removal plus addition, because rules grant access additively. A {@code @cairnFlag}
 * gate added to a model or field (or moved to another flag) is breaking, because callers for whom
 * that flag is off lose what they could read and write; a removed gate is compatible, like an added
 * auth rule.
 */
public final class SchemaDiff {
  private final List<SchemaChange> changes = new ArrayList<>();

  private SchemaDiff() {}

  /** Every change from {@code before} to {@code after}, in a stable order; empty when equal. */
  public static List<SchemaChange> between(ModelSchema before, ModelSchema after) {
    SchemaDiff diff = new SchemaDiff();
    diff.models(before, after);
    diff.enums(before, after);
    diff.embedded(before, after);
    return List.copyOf(diff.changes);
  }

  private void add(Compatibility level, String subject, String sentence) {
    changes.add(new SchemaChange(level, subject, sentence));
  }

  private void models(ModelSchema before, ModelSchema after) {
    for (Model old : before.models()) {
      Optional<Model> now = after.model(old.name());
      if (now.isEmpty()) {
        add(
            Compatibility.BREAKING,
            old.name(),
            "Model "
                + old.name()
                + " was removed; apps that sync it will fail and its records become unreachable.");
      } else {
        model(old, now.get());
      }
    }
    for (Model now : after.models()) {
      if (before.model(now.name()).isEmpty()) {
        add(
            Compatibility.COMPATIBLE,
            now.name(),
            "Model " + now.name() + " was added; existing apps ignore it until they are updated.");
      }
    }
  }

  private void model(Model old, Model now) {
    String m = old.name();
    fields(m, old.fields(), now.fields(), true);
    if (!old.primaryKey().equals(now.primaryKey())) {
      add(
          Compatibility.BREAKING,
          m,
          "The primary key of "
              + m
              + " changed from "
              + old.primaryKey().fields()
              + " to "
              + now.primaryKey().fields()
              + "; stored records and client ids no longer match.");
    }
    for (Index index : old.indexes()) {
      Optional<Index> same =
          now.indexes().stream().filter(i -> i.name().equals(index.name())).findFirst();
      if (same.isEmpty()) {
        add(
            index.queryField().isPresent() ? Compatibility.BREAKING : Compatibility.COMPATIBLE,
            m + "@" + index.name(),
            "Index "
                + index.name()
                + " of "
                + m
                + " was removed"
                + index.queryField().map(q -> ", and with it the query " + q + ".").orElse("."));
      } else if (!same.get().equals(index)) {
        add(
            Compatibility.BREAKING,
            m + "@" + index.name(),
            "Index "
                + index.name()
                + " of "
                + m
                + " changed its key fields or query field; queries using it must change.");
      }
    }
    for (Index index : now.indexes()) {
      if (old.indexes().stream().noneMatch(i -> i.name().equals(index.name()))) {
        add(
            Compatibility.MIGRATABLE,
            m + "@" + index.name(),
            "Index "
                + index.name()
                + " was added to "
                + m
                + "; the server builds it over existing records.");
      }
    }
    auth(m, old.authRules(), now.authRules());
    gate("Model " + m, m, old.featureFlag(), now.featureFlag());
    operations(m, old.operations(), now.operations());
  }

  private void gate(String what, String subject, Optional<String> old, Optional<String> now) {
    if (old.equals(now)) {
      return;
    }
    if (now.isEmpty()) {
      add(
          Compatibility.COMPATIBLE,
          subject,
          what
              + " is no longer gated by flag "
              + old.get()
              + "; every caller the auth rules allow now reads and writes it, review it.");
    } else if (old.isEmpty()) {
      add(
          Compatibility.BREAKING,
          subject,
          what
              + " is now gated by flag "
              + now.get()
              + "; callers for whom that flag is off no longer read, sync or write it.");
    } else {
      add(
          Compatibility.BREAKING,
          subject,
          what
              + " is now gated by flag "
              + now.get()
              + " instead of "
              + old.get()
              + "; callers for whom the new flag is off lose it.");
    }
  }

  private void operations(String m, ModelOperations old, ModelOperations now) {
    List<Optional<String>> before =
        List.of(
            old.get(),
            old.list(),
            old.sync(),
            old.create(),
            old.update(),
            old.delete(),
            old.onCreate(),
            old.onUpdate(),
            old.onDelete());
    List<Optional<String>> after =
        List.of(
            now.get(),
            now.list(),
            now.sync(),
            now.create(),
            now.update(),
            now.delete(),
            now.onCreate(),
            now.onUpdate(),
            now.onDelete());
    for (int i = 0; i < before.size(); i++) {
      if (before.get(i).isPresent() && !before.get(i).equals(after.get(i))) {
        add(
            Compatibility.BREAKING,
            m,
            "Operation "
                + before.get(i).get()
                + " of "
                + m
                + " was "
                + (after.get(i).isPresent() ? "renamed to " + after.get(i).get() : "disabled")
                + "; apps calling it will fail.");
      } else if (before.get(i).isEmpty() && after.get(i).isPresent()) {
        add(
            Compatibility.COMPATIBLE,
            m,
            "Operation " + after.get(i).get() + " of " + m + " was enabled.");
      }
    }
  }

  private void auth(String subject, List<AuthRule> old, List<AuthRule> now) {
    Set<AuthRule> before = new HashSet<>(old);
    Set<AuthRule> after = new HashSet<>(now);
    for (AuthRule rule : old) {
      if (!after.contains(rule)) {
        add(
            Compatibility.BREAKING,
            subject,
            "Auth rule "
                + describe(rule)
                + " was removed from "
                + subject
                + "; callers who relied on it lose access.");
      }
    }
    for (AuthRule rule : now) {
      if (!before.contains(rule)) {
        add(
            Compatibility.COMPATIBLE,
            subject,
            "Auth rule "
                + describe(rule)
                + " was added to "
                + subject
                + "; it grants more access, review it.");
      }
    }
  }

  private static String describe(AuthRule rule) {
    String who =
        switch (rule.allow()) {
          case OWNER -> "owner (" + rule.ownerField().orElse("owner") + ")";
          case GROUPS ->
              "groups "
                  + (rule.groups().isEmpty()
                      ? "from field " + rule.groupsField().orElse("")
                      : rule.groups().toString());
          case PRIVATE -> "private";
          case PUBLIC -> "public";
        };
    return "`"
        + who
        + " via "
        + rule.provider().sdlName()
        + " for "
        + rule.operations().stream().map(ModelOperation::sdlName).sorted().toList()
        + "`";
  }

  private void fields(String owner, List<Field> old, List<Field> now, boolean isModel) {
    for (Field field : old) {
      String subject = owner + "." + field.name();
      Optional<Field> same = now.stream().filter(f -> f.name().equals(field.name())).findFirst();
      if (same.isEmpty()) {
        add(
            Compatibility.BREAKING,
            subject,
            "Field "
                + field.name()
                + " was removed from "
                + owner
                + "; apps that send it get validation errors.");
        continue;
      }
      Field after = same.get();
      FieldType a = field.type();
      FieldType b = after.type();
      if (!a.name().equals(b.name()) || a.list() != b.list()) {
        add(
            Compatibility.BREAKING,
            subject,
            "Field "
                + field.name()
                + " of "
                + owner
                + " changed type from "
                + a.toGraphQL()
                + " to "
                + b.toGraphQL()
                + "; stored values and apps disagree.");
      } else if (a.required() && !b.required()) {
        add(
            Compatibility.MIGRATABLE,
            subject,
            "Field "
                + field.name()
                + " of "
                + owner
                + " became optional; old apps may fail on records where it is null.");
      } else if (!a.required() && b.required()) {
        add(
            after.defaultValue().isPresent() ? Compatibility.MIGRATABLE : Compatibility.BREAKING,
            subject,
            "Field "
                + field.name()
                + " of "
                + owner
                + " became required"
                + (after.defaultValue().isPresent()
                    ? "; existing records get the default " + after.defaultValue().get() + "."
                    : " without a @default; existing records without it become invalid."));
      } else if (a.elementsRequired() != b.elementsRequired()) {
        add(
            b.elementsRequired() ? Compatibility.BREAKING : Compatibility.MIGRATABLE,
            subject,
            "List elements of "
                + field.name()
                + " of "
                + owner
                + " became "
                + (b.elementsRequired() ? "required" : "optional")
                + ".");
      }
      if (!field.relation().equals(after.relation())) {
        add(
            Compatibility.BREAKING,
            subject,
            "The relation of "
                + field.name()
                + " in "
                + owner
                + " changed; its foreign keys or related model differ.");
      }
      if (!field.conflictPolicy().equals(after.conflictPolicy())) {
        add(
            Compatibility.COMPATIBLE,
            subject,
            "The conflict policy of "
                + field.name()
                + " in "
                + owner
                + " changed to "
                + after.conflictPolicy().map(Enum::name).orElse("the model default")
                + "; only the server's merge changes.");
      }
      if (!field.defaultValue().equals(after.defaultValue())) {
        add(
            Compatibility.COMPATIBLE,
            subject,
            "The default of "
                + field.name()
                + " in "
                + owner
                + " changed to "
                + after.defaultValue().orElse("none")
                + "; it applies to new records only.");
      }
      if (isModel) {
        auth(subject, field.authRules(), after.authRules());
        gate(
            "Field " + field.name() + " of " + owner,
            subject,
            field.featureFlag(),
            after.featureFlag());
      }
    }
    for (Field field : now) {
      if (old.stream().noneMatch(f -> f.name().equals(field.name()))) {
        String subject = owner + "." + field.name();
        if (!field.type().required() || field.origin() != FieldOrigin.DECLARED) {
          add(
              Compatibility.COMPATIBLE,
              subject,
              "Field "
                  + field.name()
                  + " was added to "
                  + owner
                  + "; existing records read it as null.");
        } else if (field.defaultValue().isPresent()) {
          add(
              Compatibility.MIGRATABLE,
              subject,
              "Required field "
                  + field.name()
                  + " was added to "
                  + owner
                  + " with default "
                  + field.defaultValue().get()
                  + "; existing records are backfilled.");
        } else {
          add(
              Compatibility.BREAKING,
              subject,
              "Required field "
                  + field.name()
                  + " was added to "
                  + owner
                  + " without a @default; existing records and old apps lack it.");
        }
      }
    }
  }

  private void enums(ModelSchema before, ModelSchema after) {
    for (EnumType old : before.enums()) {
      Optional<EnumType> now = after.enumType(old.name());
      if (now.isEmpty()) {
        add(
            Compatibility.COMPATIBLE,
            old.name(),
            "Enum " + old.name() + " was removed; no field uses it any more.");
        continue;
      }
      for (String value : old.values()) {
        if (!now.get().values().contains(value)) {
          add(
              Compatibility.BREAKING,
              old.name() + "." + value,
              "Value "
                  + value
                  + " was removed from enum "
                  + old.name()
                  + "; stored records holding it become invalid.");
        }
      }
      for (String value : now.get().values()) {
        if (!old.values().contains(value)) {
          add(
              Compatibility.COMPATIBLE,
              old.name() + "." + value,
              "Value " + value + " was added to enum " + old.name() + ".");
        }
      }
    }
    for (EnumType now : after.enums()) {
      if (before.enumType(now.name()).isEmpty()) {
        add(Compatibility.COMPATIBLE, now.name(), "Enum " + now.name() + " was added.");
      }
    }
  }

  private void embedded(ModelSchema before, ModelSchema after) {
    for (EmbeddedType old : before.embeddedTypes()) {
      Optional<EmbeddedType> now = after.embeddedType(old.name());
      if (now.isEmpty()) {
        add(
            Compatibility.COMPATIBLE,
            old.name(),
            "Embedded type " + old.name() + " was removed; no field uses it any more.");
      } else {
        fields(old.name(), old.fields(), now.get().fields(), false);
      }
    }
    for (EmbeddedType now : after.embeddedTypes()) {
      if (before.embeddedType(now.name()).isEmpty()) {
        add(Compatibility.COMPATIBLE, now.name(), "Embedded type " + now.name() + " was added.");
      }
    }
  }
}
