package dev.cairn.spec.internal.parse;

import dev.cairn.spec.AuthRule;
import dev.cairn.spec.ConflictPolicy;
import dev.cairn.spec.Field;
import dev.cairn.spec.FieldOrigin;
import dev.cairn.spec.FieldType;
import dev.cairn.spec.Index;
import dev.cairn.spec.Model;
import dev.cairn.spec.ModelOperations;
import dev.cairn.spec.PrimaryKey;
import dev.cairn.spec.Relation;
import dev.cairn.spec.Timestamps;
import graphql.language.Directive;
import graphql.language.Node;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Mutable working copies of models and fields while a schema is read; frozen into records. */
final class Drafts {
  private Drafts() {}

  static final class FieldDraft {
    final String name;
    FieldType type;
    final FieldOrigin origin;
    final Node<?> node;
    Relation relation;
    Directive relationDirective;
    List<AuthRule> authRules = List.of();
    ConflictPolicy conflictPolicy;
    String defaultValue;
    String featureFlag;
    Directive featureFlagDirective;

    FieldDraft(String name, FieldType type, FieldOrigin origin, Node<?> node) {
      this.name = name;
      this.type = type;
      this.origin = origin;
      this.node = node;
    }

    Field freeze() {
      return new Field(
          name,
          type,
          origin,
          Optional.ofNullable(relation),
          authRules,
          Optional.ofNullable(conflictPolicy),
          Optional.ofNullable(defaultValue),
          Optional.ofNullable(featureFlag));
    }
  }

  static final class ModelDraft {
    final String name;
    final Node<?> node;
    final List<FieldDraft> fields = new ArrayList<>();
    final List<FieldDraft> foreignKeys = new ArrayList<>();
    PrimaryKey primaryKey = PrimaryKey.defaultId();
    final List<Index> indexes = new ArrayList<>();

    /** Where each primary-key field is named: the key field's declaration, a sort key's string. */
    final Map<String, Node<?>> keyNodes = new LinkedHashMap<>();

    List<AuthRule> authRules = List.of();
    ModelOperations operations;
    Timestamps timestamps = Timestamps.defaults();
    boolean joinModel;
    String pluralName;
    String featureFlag;

    ModelDraft(String name, Node<?> node) {
      this.name = name;
      this.node = node;
    }

    Optional<FieldDraft> field(String fieldName) {
      return allFields().stream().filter(f -> f.name.equals(fieldName)).findFirst();
    }

    List<FieldDraft> allFields() {
      List<FieldDraft> all = new ArrayList<>(fields);
      all.addAll(foreignKeys);
      return all;
    }

    Model freeze(List<Field> frozenFields) {
      return new Model(
          name,
          pluralName,
          frozenFields,
          primaryKey,
          indexes,
          authRules,
          operations,
          timestamps,
          joinModel,
          Optional.ofNullable(featureFlag));
    }
  }
}
