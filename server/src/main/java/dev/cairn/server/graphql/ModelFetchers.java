package dev.cairn.server.graphql;

import dev.cairn.server.TenantId;
import dev.cairn.server.data.RecordKey;
import dev.cairn.server.data.sync.SyncPage;
import dev.cairn.spec.Index;
import dev.cairn.spec.Model;
import dev.cairn.spec.ModelSchema;
import dev.cairn.spec.Relation;
import dev.cairn.spec.RelationKind;
import graphql.schema.DataFetcher;
import graphql.schema.DataFetchingEnvironment;
import graphql.schema.idl.RuntimeWiring;
import graphql.schema.idl.TypeRuntimeWiring;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bson.Document;

/**
 * Wires the root fields and relation fields of every model of one tenant's schema to the {@link
 * DataPlane}: {@code get}, {@code list}, {@code sync}, index queries, {@code create}, {@code
 * update}, {@code delete}, {@code @belongsTo}/{@code @hasOne} and {@code @hasMany}. The tenant is
 * fixed when the schema is built; no fetcher can reach another tenant's data.
 */
final class ModelFetchers {
  private final TenantId tenant;
  private final ModelSchema schema;
  private final DataPlane plane;

  ModelFetchers(TenantId tenant, ModelSchema schema, DataPlane plane) {
    this.tenant = tenant;
    this.schema = schema;
    this.plane = plane;
  }

  void wire(
      RuntimeWiring.Builder wiring,
      TypeRuntimeWiring.Builder query,
      TypeRuntimeWiring.Builder mutation) {
    for (Model model : schema.models()) {
      var ops = model.operations();
      ops.get().ifPresent(name -> query.dataFetcher(name, get(model)));
      ops.list().ifPresent(name -> query.dataFetcher(name, list(model, null)));
      ops.sync().ifPresent(name -> query.dataFetcher(name, sync(model)));
      if (ops.list().isPresent()) {
        for (Index index : model.indexes()) {
          index.queryField().ifPresent(name -> query.dataFetcher(name, list(model, index)));
        }
      }
      ops.create()
          .ifPresent(
              name ->
                  mutation.dataFetcher(
                      name,
                      env ->
                          plane
                              .store()
                              .create(tenant, model, input(env), env.getArgument("condition"))));
      ops.update()
          .ifPresent(
              name ->
                  mutation.dataFetcher(
                      name,
                      env ->
                          plane
                              .store()
                              .update(
                                  tenant,
                                  model,
                                  input(env),
                                  env.getArgument("condition"),
                                  plane.strategies().apply(model))));
      ops.delete()
          .ifPresent(
              name ->
                  mutation.dataFetcher(
                      name,
                      env ->
                          plane
                              .store()
                              .delete(
                                  tenant,
                                  model,
                                  input(env),
                                  env.getArgument("condition"),
                                  plane.strategies().apply(model))));
      TypeRuntimeWiring.Builder type = TypeRuntimeWiring.newTypeWiring(model.name());
      model.fields().stream()
          .filter(f -> f.relation().isPresent())
          .forEach(f -> type.dataFetcher(f.name(), relation(f.relation().get())));
      wiring.type(type);
    }
  }

  private static Map<String, Object> input(DataFetchingEnvironment env) {
    Map<String, Object> input = env.getArgument("input");
    return new LinkedHashMap<>(input);
  }

  private DataFetcher<Object> get(Model model) {
    return env ->
        plane.store().get(tenant, model, RecordKey.of(model, env.getArguments())).orElse(null);
  }

  private DataFetcher<Object> sync(Model model) {
    return env -> {
      Object lastSync = env.getArgument("lastSync");
      SyncPage page =
          plane
              .queries()
              .sync(
                  tenant,
                  model,
                  env.getArgument("filter"),
                  lastSync == null ? null : ((Number) lastSync).longValue(),
                  env.getArgument("limit"),
                  env.getArgument("nextToken"));
      return connection(page);
    };
  }

  /** A list query; for a composite primary key or an index, its key arguments narrow the filter. */
  private DataFetcher<Object> list(Model model, Index index) {
    String partition = index == null ? model.primaryKey().partitionField() : index.partitionField();
    List<String> sortKeys =
        index == null ? model.primaryKey().sortKeyFields() : index.sortKeyFields();
    return env -> {
      List<Object> parts = new ArrayList<>();
      Map<String, Object> filter = env.getArgument("filter");
      if (filter != null) {
        parts.add(filter);
      }
      Object partitionValue = env.getArgument(partition);
      if (partitionValue != null && (index != null || !sortKeys.isEmpty())) {
        parts.add(Map.of(partition, Map.of("eq", partitionValue)));
      }
      if (!sortKeys.isEmpty()
          && env.getArgument(sortKeys.get(0)) instanceof Map<?, ?> keyCondition) {
        parts.add(Map.of(sortKeys.get(0), keyCondition));
      }
      Map<String, Object> combined = parts.isEmpty() ? null : Map.of("and", parts);
      return connection(
          plane
              .queries()
              .list(
                  tenant, model, combined, env.getArgument("limit"), env.getArgument("nextToken")));
    };
  }

  private DataFetcher<Object> relation(Relation relation) {
    Model related = schema.model(relation.relatedModel()).orElseThrow();
    if (relation.kind() == RelationKind.BELONGS_TO || relation.kind() == RelationKind.HAS_ONE) {
      return env -> {
        Document source = env.getSource();
        List<String> keys = related.primaryKey().fields();
        Map<String, Object> key = new LinkedHashMap<>();
        for (int i = 0; i < keys.size() && i < relation.localFields().size(); i++) {
          Object value = source.get(relation.localFields().get(i));
          if (value == null) {
            return null;
          }
          key.put(keys.get(i), value);
        }
        return plane.store().get(tenant, related, RecordKey.of(related, key)).orElse(null);
      };
    }
    return env -> {
      Document source = env.getSource();
      List<Object> parts = new ArrayList<>();
      for (int i = 0; i < relation.relatedFields().size(); i++) {
        parts.add(
            Map.of(
                relation.relatedFields().get(i),
                Map.of("eq", source.get(relation.localFields().get(i)))));
      }
      Map<String, Object> filter = env.getArgument("filter");
      if (filter != null) {
        parts.add(filter);
      }
      return connection(
          plane
              .queries()
              .list(
                  tenant,
                  related,
                  Map.of("and", parts),
                  env.getArgument("limit"),
                  env.getArgument("nextToken")));
    };
  }

  private static Map<String, Object> connection(SyncPage page) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("items", page.items());
    out.put("nextToken", page.nextToken().orElse(null));
    out.put("startedAt", page.startedAt().orElse(null));
    return out;
  }
}
