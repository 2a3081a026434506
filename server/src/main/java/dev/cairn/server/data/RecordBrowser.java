package dev.cairn.server.data;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import dev.cairn.server.TenantId;
import dev.cairn.server.data.filter.FilterTranslator;
import dev.cairn.spec.Field;
import dev.cairn.spec.Model;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.bson.Document;
import org.bson.conversions.Bson;

/**
 * Reads a model's records a page at a time for the console's data browser: filtering, sorting,
 * paging and counting all run in MongoDB (a collection is never loaded into memory). Filters are
 * {@code Model<M>FilterInput} values translated by {@link FilterTranslator} (its injection-safety
 * contract applies); the sort field must be a stored field of the model. Tombstones are left out
 * unless asked for. Records come back in API shape. Thread-safe.
 */
public final class RecordBrowser {
  /** The most records one page may hold. */
  public static final int MAX_PAGE = 200;

  private final MongoClient client;

  public RecordBrowser(MongoClient client) {
    this.client = client;
  }

  /** One page of records and how many match in all. */
  public record Page(long total, List<Document> items) {}

  /**
   * @param filter a {@code Model<M>FilterInput} value; empty matches every record
   * @param sortField a stored field of {@code model}, or null for the key order
   * @throws DataException.InvalidInput for a bad filter, sort field or paging
   */
  public Page page(
      TenantId tenant,
      Model model,
      Map<String, ?> filter,
      boolean withTombstones,
      String sortField,
      boolean descending,
      int first,
      int size) {
    if (first < 0 || size < 1 || size > MAX_PAGE) {
      throw new DataException.InvalidInput(
          "first must be 0 or more and the page size between 1 and " + MAX_PAGE);
    }
    Document translated = FilterTranslator.translate(model, FilterTranslator.Kind.FILTER, filter);
    Bson query =
        withTombstones
            ? translated
            : Filters.and(translated, Filters.ne(RecordDocuments.DELETED, true));
    Bson sort = Sorts.ascending("_id");
    if (sortField != null && !sortField.isBlank()) {
      String field = sortable(model, sortField);
      sort = descending ? Sorts.descending(field, "_id") : Sorts.ascending(field, "_id");
    }
    MongoCollection<Document> collection =
        client.getDatabase(tenant.databaseName()).getCollection(model.name());
    List<Document> items = new ArrayList<>();
    for (Document d : collection.find(query).sort(sort).skip(first).limit(size)) {
      items.add(RecordDocuments.toApi(d));
    }
    return new Page(collection.countDocuments(query), items);
  }

  private static String sortable(Model model, String name) {
    if (name.equals(RecordDocuments.VERSION)
        || name.equals(RecordDocuments.LAST_CHANGED_AT)
        || name.equals(RecordDocuments.DELETED)) {
      return name;
    }
    return model
        .field(name)
        .filter(Field::isStored)
        .filter(f -> !f.isRelation())
        .map(Field::name)
        .orElseThrow(
            () ->
                new DataException.InvalidInput(
                    "cannot sort by `" + name + "`: it is not a stored field of " + model.name()));
  }
}
