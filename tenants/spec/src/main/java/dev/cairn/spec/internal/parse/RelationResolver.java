package dev.cairn.spec.internal.parse;

import dev.cairn.spec.AuthRule;
import dev.cairn.spec.FieldOrigin;
import dev.cairn.spec.FieldType;
import dev.cairn.spec.Index;
import dev.cairn.spec.ModelOperations;
import dev.cairn.spec.Relation;
import dev.cairn.spec.RelationKind;
import dev.cairn.spec.SubscriptionLevel;
import dev.cairn.spec.TypeKind;
import dev.cairn.spec.internal.Pluralizer;
import dev.cairn.spec.internal.parse.Drafts.FieldDraft;
import dev.cairn.spec.internal.parse.Drafts.ModelDraft;
import graphql.language.Argument;
import graphql.language.Directive;
import graphql.language.StringValue;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Resolves {@code @hasOne}, {@code @hasMany}, {@code @belongsTo} and {@code @manyToMany} as
 * Amplify's transformer v2 does: foreign-key fields named {@code <model><Field><KeyField>} when no
 * {@code fields} are given, {@code @belongsTo} reusing its partner's key, and a join model per
 * {@code relationName}.
 */
final class RelationResolver {
  private final Diagnostics diagnostics;
  private final Args args;
  private final SchemaReader reader;

  RelationResolver(Diagnostics diagnostics, Args args, SchemaReader reader) {
    this.diagnostics = diagnostics;
    this.args = args;
    this.reader = reader;
  }

  void resolve() {
    List<ModelDraft> declared = List.copyOf(reader.models.values());
    for (ModelDraft model : declared) {
      for (FieldDraft field : model.fields) {
        if (field.relationDirective == null) {
          continue;
        }
        ModelDraft related = reader.models.get(field.type.name());
        switch (field.relationDirective.getName()) {
          case "hasOne" -> hasOne(model, field, related);
          case "hasMany" -> hasMany(model, field, related);
          case "manyToMany" -> manyToMany(model, field, related);
          default -> {}
        }
      }
    }
    for (ModelDraft model : declared) {
      for (FieldDraft field : model.fields) {
        if (field.relationDirective != null
            && field.relationDirective.getName().equals("belongsTo")) {
          belongsTo(model, field, reader.models.get(field.type.name()));
        }
      }
    }
  }

  private String where(ModelDraft model, FieldDraft field) {
    return "field `" + field.name + "` of `" + model.name + "`";
  }

  private void hasOne(ModelDraft model, FieldDraft field, ModelDraft related) {
    Directive directive = field.relationDirective;
    Map<String, Argument> arguments = args.of(directive, Set.of("fields"));
    if (field.type.list()) {
      diagnostics.error(
          field.node,
          "@hasOne on "
              + where(model, field)
              + " needs a single model, not a list; use @hasMany for lists");
      return;
    }
    List<String> local =
        arguments.containsKey("fields")
            ? localFields(model, field, related, arguments.get("fields"))
            : implicitKeys(model, field, related, model);
    field.relation =
        new Relation(RelationKind.HAS_ONE, related.name, local, List.of(), Optional.empty());
  }

  private void hasMany(ModelDraft model, FieldDraft field, ModelDraft related) {
    Directive directive = field.relationDirective;
    Map<String, Argument> arguments = args.of(directive, Set.of("indexName", "fields"));
    if (!field.type.list()) {
      diagnostics.error(
          field.node,
          "@hasMany on "
              + where(model, field)
              + " needs a list type; write `["
              + field.type.name()
              + "]`");
      return;
    }
    Argument indexArg = arguments.get("indexName");
    Argument fieldsArg = arguments.get("fields");
    List<Args.Word> words = fieldsArg == null ? List.of() : names(fieldsArg);
    List<String> local =
        fieldsArg == null
            ? model.primaryKey.fields()
            : words.stream().map(Args.Word::value).toList();
    checkExist(model, words);
    List<String> remote;
    Optional<String> indexName = Optional.empty();
    if (indexArg != null) {
      indexName = args.string(indexArg.getValue(), "`indexName`");
      if (indexName.isEmpty()) {
        return;
      }
      String wanted = indexName.get();
      Optional<Index> index =
          related.indexes.stream().filter(i -> i.name().equals(wanted)).findFirst();
      if (index.isEmpty()) {
        diagnostics.error(
            indexArg.getValue(),
            "@hasMany on "
                + where(model, field)
                + " names index `"
                + wanted
                + "`, but `"
                + related.name
                + "` has no such @index; add @index(name: \""
                + wanted
                + "\") to the field of `"
                + related.name
                + "` that holds the `"
                + model.name
                + "` key");
        return;
      }
      remote = new ArrayList<>();
      remote.add(index.get().partitionField());
      remote.addAll(index.get().sortKeyFields());
    } else if (fieldsArg != null) {
      remote = related.primaryKey.fields();
    } else {
      remote = implicitKeys(model, field, model, related);
      field.relation =
          new Relation(RelationKind.HAS_MANY, related.name, local, remote, Optional.empty());
      return;
    }
    if (local.size() > remote.size()) {
      diagnostics.error(
          fieldsArg != null ? fieldsArg.getValue() : directive,
          "@hasMany on "
              + where(model, field)
              + " matches "
              + local.size()
              + " field(s) against a key of "
              + remote.size()
              + "; give at most "
              + remote.size());
      return;
    }
    field.relation =
        new Relation(
            RelationKind.HAS_MANY, related.name, local, remote.subList(0, local.size()), indexName);
  }

  private void belongsTo(ModelDraft model, FieldDraft field, ModelDraft related) {
    Directive directive = field.relationDirective;
    Map<String, Argument> arguments = args.of(directive, Set.of("fields"));
    if (field.type.list()) {
      diagnostics.error(
          field.node, "@belongsTo on " + where(model, field) + " needs a single model, not a list");
      return;
    }
    if (arguments.containsKey("fields")) {
      field.relation =
          new Relation(
              RelationKind.BELONGS_TO,
              related.name,
              localFields(model, field, related, arguments.get("fields")),
              List.of(),
              Optional.empty());
      return;
    }
    List<FieldDraft> partners =
        related.fields.stream()
            .filter(
                f ->
                    f.type.name().equals(model.name)
                        && f.relationDirective != null
                        && Set.of("hasOne", "hasMany").contains(f.relationDirective.getName()))
            .toList();
    if (partners.size() > 1) {
      diagnostics.error(
          directive,
          "@belongsTo on "
              + where(model, field)
              + " is ambiguous: `"
              + related.name
              + "` relates to `"
              + model.name
              + "` through "
              + partners.stream().map(p -> p.name).toList()
              + "; name the key with @belongsTo(fields: [...])");
      return;
    }
    List<String> local;
    if (partners.size() == 1 && partners.get(0).relationDirective.getName().equals("hasMany")) {
      Relation partner = partners.get(0).relation;
      if (partner == null) {
        return;
      }
      local = partner.relatedFields();
    } else {
      local = implicitKeys(model, field, related, model);
    }
    field.relation =
        new Relation(RelationKind.BELONGS_TO, related.name, local, List.of(), Optional.empty());
  }

  private void manyToMany(ModelDraft model, FieldDraft field, ModelDraft related) {
    Directive directive = field.relationDirective;
    Map<String, Argument> arguments = args.of(directive, Set.of("relationName"));
    Argument nameArg = arguments.get("relationName");
    if (nameArg == null) {
      diagnostics.error(
          directive,
          "@manyToMany needs `relationName`, e.g. @manyToMany(relationName: \""
              + model.name
              + related.name
              + "\")");
      return;
    }
    Optional<String> relationName = args.string(nameArg.getValue(), "`relationName`");
    if (relationName.isEmpty()) {
      return;
    }
    String join = relationName.get();
    if (!field.type.list()) {
      diagnostics.error(
          field.node,
          "@manyToMany on "
              + where(model, field)
              + " needs a list type; write `["
              + field.type.name()
              + "]`");
      return;
    }
    if (related == model) {
      diagnostics.error(
          field.node,
          "@manyToMany on "
              + where(model, field)
              + " relates `"
              + model.name
              + "` to itself; model the link as its own @model with two @belongsTo fields");
      return;
    }
    Optional<FieldDraft> other =
        related.fields.stream()
            .filter(
                f ->
                    (f.type.name().equals(model.name) || f.type.name().equals(join))
                        && f.relationDirective != null
                        && f.relationDirective.getName().equals("manyToMany")
                        && f.relationDirective.getArgument("relationName") != null
                        && f.relationDirective.getArgument("relationName").getValue()
                            instanceof StringValue partnerName
                        && partnerName.getValue().equals(join))
            .findFirst();
    if (other.isEmpty()) {
      diagnostics.error(
          nameArg.getValue(),
          "@manyToMany(relationName: \""
              + join
              + "\") on "
              + where(model, field)
              + " has no partner; add a `["
              + model.name
              + "] @manyToMany(relationName: \""
              + join
              + "\")` field to `"
              + related.name
              + "`");
      return;
    }
    ModelDraft joinModel = reader.models.get(join);
    if (joinModel == null) {
      if (reader.enums.containsKey(join) || reader.embedded.containsKey(join)) {
        diagnostics.error(
            nameArg.getValue(),
            "relationName `"
                + join
                + "` is also the name of a declared type; the join model needs that name, so rename one");
        return;
      }
      joinModel = createJoinModel(join, model, related, directive);
    } else if (!joinModel.joinModel) {
      diagnostics.error(
          nameArg.getValue(),
          "relationName `"
              + join
              + "` is also the name of a declared model; the join model needs that name, so rename one");
      return;
    }
    List<String> remote =
        joinModel.fields.stream()
            .filter(f -> f.relation != null && f.relation.relatedModel().equals(model.name))
            .findFirst()
            .map(f -> f.relation.localFields())
            .orElse(List.of());
    field.type =
        new FieldType(
            join, TypeKind.MODEL, field.type.required(), true, field.type.elementsRequired());
    field.relation =
        new Relation(
            RelationKind.MANY_TO_MANY,
            join,
            model.primaryKey.fields(),
            remote,
            Optional.of("by" + model.name));
  }

  private ModelDraft createJoinModel(String name, ModelDraft a, ModelDraft b, Directive at) {
    ModelDraft join = new ModelDraft(name, at);
    join.joinModel = true;
    join.pluralName = Pluralizer.plural(name);
    String p = join.pluralName;
    join.operations =
        new ModelOperations(
            Optional.of("get" + name),
            Optional.of("list" + p),
            Optional.of("sync" + p),
            Optional.of("create" + name),
            Optional.of("update" + name),
            Optional.of("delete" + name),
            Optional.of("onCreate" + name),
            Optional.of("onUpdate" + name),
            Optional.of("onDelete" + name),
            SubscriptionLevel.ON);
    Set<AuthRule> rules = new LinkedHashSet<>(a.authRules);
    rules.addAll(b.authRules);
    join.authRules = List.copyOf(rules);
    join.fields.add(
        new FieldDraft(
            "id", FieldType.scalar(dev.cairn.spec.Scalar.ID, true), FieldOrigin.DECLARED, at));
    List<FieldDraft> links = new ArrayList<>();
    for (ModelDraft side : List.of(a, b)) {
      List<String> keys = new ArrayList<>();
      for (String pk : side.primaryKey.fields()) {
        String key = Names.lowerFirst(side.name) + Names.upperFirst(pk);
        keys.add(key);
        FieldType pkType =
            side.field(pk)
                .map(f -> f.type)
                .orElse(FieldType.scalar(dev.cairn.spec.Scalar.ID, true));
        join.fields.add(new FieldDraft(key, pkType.withRequired(true), FieldOrigin.DECLARED, at));
      }
      join.indexes.add(
          new Index(
              "by" + side.name,
              keys.get(0),
              keys.subList(1, keys.size()),
              Optional.of(
                  Names.lowerFirst(p)
                      + "By"
                      + String.join("And", keys.stream().map(Names::upperFirst).toList()))));
      FieldDraft link =
          new FieldDraft(
              Names.lowerFirst(side.name),
              new FieldType(side.name, TypeKind.MODEL, true, false, false),
              FieldOrigin.DECLARED,
              at);
      link.relation =
          new Relation(RelationKind.BELONGS_TO, side.name, keys, List.of(), Optional.empty());
      links.add(link);
    }
    join.fields.addAll(links);
    join.fields.add(
        new FieldDraft(
            "createdAt",
            FieldType.scalar(dev.cairn.spec.Scalar.AWSDateTime, true),
            FieldOrigin.TIMESTAMP,
            at));
    join.fields.add(
        new FieldDraft(
            "updatedAt",
            FieldType.scalar(dev.cairn.spec.Scalar.AWSDateTime, true),
            FieldOrigin.TIMESTAMP,
            at));
    join.timestamps = dev.cairn.spec.Timestamps.defaults();
    reader.models.put(name, join);
    return join;
  }

  /** FK fields {@code <holder><Field><Key>} on {@code holder} for the key of {@code target}. */
  private List<String> implicitKeys(
      ModelDraft owner, FieldDraft field, ModelDraft target, ModelDraft holder) {
    List<String> keys = new ArrayList<>();
    for (String pk : target.primaryKey.fields()) {
      String name =
          Names.lowerFirst(owner.name) + Names.upperFirst(field.name) + Names.upperFirst(pk);
      keys.add(name);
      if (holder.field(name).isEmpty()) {
        FieldType pkType =
            target
                .field(pk)
                .map(f -> f.type)
                .orElse(FieldType.scalar(dev.cairn.spec.Scalar.ID, true));
        holder.foreignKeys.add(
            new FieldDraft(name, pkType.withRequired(false), FieldOrigin.FOREIGN_KEY, holder.node));
      }
    }
    return keys;
  }

  private List<String> localFields(
      ModelDraft model, FieldDraft field, ModelDraft related, Argument fieldsArg) {
    List<Args.Word> words = names(fieldsArg);
    List<String> local = words.stream().map(Args.Word::value).toList();
    if (!checkExist(model, words)) {
      return local;
    }
    List<String> pk = related.primaryKey.fields();
    if (local.size() != pk.size()) {
      diagnostics.error(
          fieldsArg.getValue(),
          "@"
              + field.relationDirective.getName()
              + " on "
              + where(model, field)
              + " gives "
              + local.size()
              + " field(s), but the primary key of `"
              + related.name
              + "` has "
              + pk.size()
              + " "
              + pk
              + "; give one field per key field");
      return local;
    }
    for (int i = 0; i < pk.size(); i++) {
      String expected = related.field(pk.get(i)).map(f -> f.type.name()).orElse("ID");
      FieldDraft mine = model.field(local.get(i)).orElseThrow();
      if (!mine.type.name().equals(expected) || mine.type.list()) {
        diagnostics.error(
            words.get(i).at(),
            "field `"
                + mine.name
                + "` of `"
                + model.name
                + "` holds key `"
                + pk.get(i)
                + "` of `"
                + related.name
                + "` and must be `"
                + expected
                + "`, not `"
                + mine.type.toGraphQL()
                + "`");
      }
    }
    return local;
  }

  private boolean checkExist(ModelDraft model, List<Args.Word> fields) {
    boolean ok = true;
    for (Args.Word word : fields) {
      String name = word.value();
      if (model.field(name).isEmpty()) {
        ok = false;
        diagnostics.error(
            word.at(),
            "`"
                + name
                + "` is not a field of `"
                + model.name
                + "`; declare it or fix the name"
                + Names.suggest(name, model.fields.stream().map(f -> f.name).toList()));
      }
    }
    return ok;
  }

  private List<Args.Word> names(Argument argument) {
    return args.strings(argument.getValue(), "`fields`").orElse(List.of());
  }
}
