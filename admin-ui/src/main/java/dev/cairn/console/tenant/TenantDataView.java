package dev.cairn.console.tenant;

import dev.cairn.console.api.AdminApi;
import dev.cairn.console.api.AdminApiException;
import jakarta.annotation.PostConstruct;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.Serializable;
import java.io.StringReader;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.omnifaces.util.Faces;
import org.omnifaces.util.Messages;
import org.primefaces.model.FilterMeta;
import org.primefaces.model.LazyDataModel;
import org.primefaces.model.SortMeta;
import org.primefaces.model.SortOrder;

/**
 * The data browser ({@code /tenant/data.xhtml}): per model, a lazy table whose paging, sorting and
 * filtering run in MongoDB on the server (tombstones hidden unless asked for); a record's fields
 * with {@code _version}, {@code _lastChangedAt} and {@code _deleted}; create, edit and delete
 * through the same version-checked path as the sync API.
 */
@Named
@ViewScoped
public class TenantDataView implements Serializable {
  private static final long serialVersionUID = 1L;

  @Inject transient AdminApi api;
  @Inject transient TenantContext tenant;

  private String slug;
  private Map<String, List<Column>> models = new LinkedHashMap<>();
  private String model;
  private boolean tombstones;
  private final Records records = new Records();
  private Row selected;
  private Map<String, String> edited = new LinkedHashMap<>();
  private boolean creating;

  /** A field of the model as a table column. */
  public static final class Column implements Serializable {
    private static final long serialVersionUID = 1L;
    private final String name;
    private final String type;
    private final boolean key;

    Column(String name, String type, boolean key) {
      this.name = name;
      this.type = type;
      this.key = key;
    }

    public String getName() {
      return name;
    }

    public String getType() {
      return type;
    }

    public boolean isKey() {
      return key;
    }

    boolean isText() {
      String base = type.replace("!", "");
      return base.equals("String") || base.equals("ID") || base.startsWith("AWS");
    }
  }

  /** A record as a table row: its JSON, shown field by field. */
  public static final class Row implements Serializable {
    private static final long serialVersionUID = 1L;
    private final String json;
    private transient JsonObject parsed;

    Row(String json) {
      this.json = json;
    }

    JsonObject object() {
      if (parsed == null) {
        try (JsonReader r = Json.createReader(new StringReader(json))) {
          parsed = r.readObject();
        }
      }
      return parsed;
    }

    /** A field's value for display ({@code ""} when absent). */
    public String value(String field) {
      JsonValue v = object().get(field);
      if (v == null || v == JsonValue.NULL) {
        return "";
      }
      return v instanceof JsonString s ? s.getString() : v.toString();
    }

    public String getKey() {
      return json.hashCode() + ":" + value("id");
    }

    public boolean isDeleted() {
      return object().getBoolean("_deleted", false);
    }
  }

  /** Pages read from the server a page at a time. */
  public final class Records extends LazyDataModel<Row> {
    private static final long serialVersionUID = 1L;

    @Override
    public int count(Map<String, FilterMeta> filterBy) {
      return (int) query(0, 1, Map.of(), filterBy).getJsonNumber("total").longValue();
    }

    @Override
    public List<Row> load(
        int first, int pageSize, Map<String, SortMeta> sortBy, Map<String, FilterMeta> filterBy) {
      JsonObject page = query(first, pageSize, sortBy, filterBy);
      setRowCount((int) page.getJsonNumber("total").longValue());
      List<Row> rows = new ArrayList<>();
      page.getJsonArray("items").forEach(v -> rows.add(new Row(v.toString())));
      return rows;
    }

    @Override
    public String getRowKey(Row row) {
      return row.getKey();
    }
  }

  @PostConstruct
  void load() {
    slug = tenant.getSlug();
    try {
      for (JsonObject m : api.getArray(base()).getValuesAs(JsonObject.class)) {
        List<Column> columns = new ArrayList<>();
        m.getJsonArray("fields")
            .getValuesAs(JsonObject.class)
            .forEach(
                f ->
                    columns.add(
                        new Column(f.getString("name"), f.getString("type"), f.getBoolean("key"))));
        models.put(m.getString("name"), columns);
      }
    } catch (AdminApiException e) {
      if (e.status() != 404) {
        throw e;
      }
    }
    model = models.isEmpty() ? null : models.keySet().iterator().next();
  }

  private JsonObject query(
      int first, int size, Map<String, SortMeta> sortBy, Map<String, FilterMeta> filterBy) {
    if (model == null) {
      return Json.createObjectBuilder()
          .add("total", 0)
          .add("items", Json.createArrayBuilder())
          .build();
    }
    StringBuilder q =
        new StringBuilder("?first=" + first + "&size=" + size + "&tombstones=" + tombstones);
    sortBy.values().stream()
        .filter(s -> s.getOrder() != SortOrder.UNSORTED)
        .findFirst()
        .ifPresent(
            s ->
                q.append("&sort=")
                    .append(encode(s.getField()))
                    .append("&desc=")
                    .append(s.getOrder() == SortOrder.DESCENDING));
    JsonObjectBuilder filter = Json.createObjectBuilder();
    for (FilterMeta f : filterBy.values()) {
      Object value = f.getFilterValue();
      if (value == null || value.toString().isBlank()) {
        continue;
      }
      Column column = column(f.getField());
      String text = value.toString().strip();
      filter.add(
          f.getField(),
          column != null && column.isText()
              ? Json.createObjectBuilder().add("contains", text)
              : Json.createObjectBuilder().add("eq", literal(text)));
    }
    JsonObject built = filter.build();
    if (!built.isEmpty()) {
      q.append("&filter=").append(encode(built.toString()));
    }
    try {
      return api.getObject(base() + "/" + AdminApi.segment(model) + q);
    } catch (AdminApiException e) {
      Messages.addGlobalError(e.getMessage());
      return Json.createObjectBuilder()
          .add("total", 0)
          .add("items", Json.createArrayBuilder())
          .build();
    }
  }

  /** Opens a record in the editor. */
  public void open(Row row) {
    selected = row;
    creating = false;
    edited = new LinkedHashMap<>();
    for (Column c : getColumns()) {
      edited.put(c.getName(), row.value(c.getName()));
    }
  }

  /** Opens an empty record in the editor. */
  public void startCreate() {
    selected = null;
    creating = true;
    edited = new LinkedHashMap<>();
    for (Column c : getColumns()) {
      edited.put(c.getName(), "");
    }
  }

  public void save() {
    JsonObjectBuilder input = Json.createObjectBuilder();
    for (Column c : getColumns()) {
      String text = edited.get(c.getName());
      boolean unchanged = !creating && selected != null && selected.value(c.getName()).equals(text);
      if ((text == null || text.isEmpty()) && !c.isKey() && creating) {
        continue;
      }
      if (!c.isKey() && unchanged) {
        continue;
      }
      if (c.getName().equals("createdAt") || c.getName().equals("updatedAt")) {
        continue;
      }
      input.add(
          c.getName(), c.isText() ? Json.createValue(text == null ? "" : text) : literal(text));
    }
    if (!creating) {
      input.add("_version", selected.object().getInt("_version"));
    }
    try {
      JsonValue written =
          api.post(
              base() + "/" + AdminApi.segment(model) + (creating ? "/create" : "/update"),
              input.build());
      Messages.addGlobalInfo(
          "Saved; version {0} is synced to connected devices",
          written.asJsonObject().getInt("_version"));
      selected = new Row(written.toString());
      creating = false;
    } catch (AdminApiException e) {
      Messages.addError("data:save", e.getMessage());
    }
  }

  public void delete() {
    JsonObjectBuilder input = Json.createObjectBuilder();
    for (Column c : getColumns()) {
      if (c.isKey()) {
        input.add(c.getName(), selected.object().get(c.getName()));
      }
    }
    input.add("_version", selected.object().getInt("_version"));
    try {
      api.post(base() + "/" + AdminApi.segment(model) + "/delete", input.build());
      Messages.addGlobalInfo("Deleted; devices receive the deletion");
      selected = null;
    } catch (AdminApiException e) {
      Messages.addError("data:save", e.getMessage());
      Faces.validationFailed(); // keeps the editor open to show why
    }
  }

  private static JsonValue literal(String text) {
    if (text == null || text.isBlank()) {
      return JsonValue.NULL;
    }
    try (JsonReader r = Json.createReader(new StringReader(text))) {
      return r.readValue();
    } catch (RuntimeException notJson) {
      return Json.createValue(text);
    }
  }

  private Column column(String name) {
    return getColumns().stream().filter(c -> c.getName().equals(name)).findFirst().orElse(null);
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  private String base() {
    return "tenants/" + AdminApi.segment(slug) + "/data";
  }

  public List<String> getModels() {
    return new ArrayList<>(models.keySet());
  }

  public List<Column> getColumns() {
    return model == null ? List.of() : models.getOrDefault(model, List.of());
  }

  public String getModel() {
    return model;
  }

  public void setModel(String model) {
    this.model = model;
  }

  public boolean isTombstones() {
    return tombstones;
  }

  public void setTombstones(boolean tombstones) {
    this.tombstones = tombstones;
  }

  public Records getRecords() {
    return records;
  }

  public Row getSelected() {
    return selected;
  }

  public Map<String, String> getEdited() {
    return edited;
  }

  public boolean isCreating() {
    return creating;
  }

  public boolean isEditing() {
    return creating || selected != null;
  }
}
