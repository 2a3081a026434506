package dev.cairn.spec.internal.parse;

import dev.cairn.spec.AuthRule;
import dev.cairn.spec.TypeKind;
import dev.cairn.spec.internal.Pluralizer;
import dev.cairn.spec.internal.parse.DirectivePlacement.Place;
import dev.cairn.spec.internal.parse.Drafts.FieldDraft;
import dev.cairn.spec.internal.parse.Drafts.ModelDraft;
import graphql.language.Argument;
import graphql.language.Directive;
import graphql.language.EnumTypeDefinition;
import graphql.language.FieldDefinition;
import graphql.language.ObjectTypeDefinition;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads the directives of one model and its fields, handing each to the reader of that directive
 * ({@link ModelDirectiveReader}, {@link AuthReader}, {@link KeyReader}, {@link DefaultValueReader},
 * {@link ConflictPolicyReader}); relation directives are kept for {@link RelationResolver}. Then
 * adds the implicit fields ({@link ImplicitFields}) and checks the auth fields ({@link
 * AuthFieldCheck}).
 */
final class DirectiveReader {
  private final Diagnostics diagnostics;
  private final Args args;
  private final DirectivePlacement placement;
  private final AuthReader auth;
  private final ModelDirectiveReader modelDirective;
  private final KeyReader keys;
  private final DefaultValueReader defaults;
  private final ConflictPolicyReader conflicts;
  private final ImplicitFields implicitFields;
  private final AuthFieldCheck authFields;
  private final FeatureFlagReader featureFlags;

  DirectiveReader(Diagnostics diagnostics, Args args, Map<String, EnumTypeDefinition> enums) {
    this.diagnostics = diagnostics;
    this.args = args;
    this.placement = new DirectivePlacement(diagnostics);
    this.auth = new AuthReader(diagnostics, args);
    this.modelDirective = new ModelDirectiveReader(diagnostics, args);
    this.keys = new KeyReader(diagnostics, args);
    this.defaults = new DefaultValueReader(diagnostics, args, enums);
    this.conflicts = new ConflictPolicyReader(diagnostics, args);
    this.implicitFields = new ImplicitFields(diagnostics);
    this.authFields = new AuthFieldCheck(diagnostics, auth);
    this.featureFlags = new FeatureFlagReader(diagnostics, args);
  }

  void readModel(ModelDraft model, List<AuthRule> globalAuthRules) {
    ObjectTypeDefinition type = (ObjectTypeDefinition) model.node;
    model.pluralName = Pluralizer.plural(model.name);
    boolean hasAuth = false;
    String where = "type `" + model.name + "`";
    for (Directive directive : placement.allowed(type.getDirectives(), Place.MODEL, where)) {
      switch (directive.getName()) {
        case "model" -> modelDirective.read(model, directive);
        case FeatureFlagReader.DIRECTIVE ->
            featureFlags.read(directive).ifPresent(key -> model.featureFlag = key);
        case "auth" -> {
          hasAuth = true;
          model.authRules = auth.read(directive, false);
        }
        default -> throw new IllegalStateException("placement allowed @" + directive.getName());
      }
    }
    if (!hasAuth) {
      if (globalAuthRules.isEmpty()) {
        diagnostics.error(
            type,
            "model `"
                + model.name
                + "` has no @auth rules; add one, e.g. @auth(rules: [{ allow:"
                + " owner }]) or @auth(rules: [{ allow: public }]) (Cairn grants nothing by"
                + " default)");
      }
      model.authRules = globalAuthRules;
    }
    readFieldDirectives(model);
    implicitFields.addId(model);
  }

  /** Adds the timestamp and owner fields, then checks the fields auth rules name. */
  void completeModel(ModelDraft model) {
    implicitFields.addTimestampsAndOwners(model);
    authFields.check(model);
    featureFlags.checkGatedFields(model, AuthFieldCheck.allRules(model));
  }

  private void readFieldDirectives(ModelDraft model) {
    boolean primaryKeySeen = false;
    for (FieldDraft field : model.fields) {
      FieldDefinition node = (FieldDefinition) field.node;
      String where = "field `" + field.name + "` of `" + model.name + "`";
      for (Directive directive :
          placement.allowed(node.getDirectives(), Place.MODEL_FIELD, where)) {
        switch (directive.getName()) {
          case "primaryKey" -> {
            if (primaryKeySeen) {
              diagnostics.error(
                  directive, "model `" + model.name + "` has a second @primaryKey; keep only one");
            } else {
              primaryKeySeen = true;
              keys.readPrimaryKey(model, field, directive);
            }
          }
          case "index" -> keys.readIndex(model, field, directive);
          case "default" -> defaults.read(field, directive, where);
          case "auth" -> field.authRules = auth.read(directive, true);
          case "conflict" -> conflicts.read(field, directive, where);
          case "deprecated" -> readDeprecated(directive);
          case FeatureFlagReader.DIRECTIVE ->
              featureFlags
                  .read(directive)
                  .ifPresent(
                      key -> {
                        field.featureFlag = key;
                        field.featureFlagDirective = directive;
                      });
          default -> readRelationDirective(field, directive, where);
        }
      }
      if (field.type.kind() == TypeKind.MODEL && field.relationDirective == null) {
        diagnostics.error(
            node,
            "field `"
                + field.name
                + "` of `"
                + model.name
                + "` has model type `"
                + field.type.name()
                + "`; add @hasOne, @hasMany, @belongsTo or @manyToMany to say how the models"
                + " relate");
      }
    }
    if (!primaryKeySeen) {
      checkIdField(model);
    }
  }

  /** Checks {@code @deprecated(reason: "...")}; the notice itself is not kept. */
  private void readDeprecated(Directive directive) {
    Argument reason = args.of(directive, Set.of("reason")).get("reason");
    if (reason != null) {
      args.string(reason.getValue(), "`reason`");
    }
  }

  private void readRelationDirective(FieldDraft field, Directive directive, String where) {
    if (field.relationDirective != null) {
      diagnostics.error(directive, where + " has two relation directives; keep one");
    } else if (field.type.kind() != TypeKind.MODEL) {
      diagnostics.error(
          directive,
          "@"
              + directive.getName()
              + " on "
              + where
              + " needs a model type, but `"
              + field.type.name()
              + "` is not a model");
    } else {
      field.relationDirective = directive;
    }
  }

  private void checkIdField(ModelDraft model) {
    Optional<FieldDraft> id = model.field("id");
    if (id.isPresent()
        && !(id.get().type.name().equals("ID")
            && id.get().type.required()
            && !id.get().type.list())) {
      diagnostics.error(
          id.get().node,
          "field `id` of `"
              + model.name
              + "` must be `ID!` (it is the primary key); change its"
              + " type or mark another field with @primaryKey");
    }
  }
}
