package dev.cairn.console.tenant;

import dev.cairn.console.api.AdminApi;
import jakarta.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.Map;

/** The tenant's members by subject, for showing who made a change: email where known. */
final class ActorNames {
  private ActorNames() {}

  /** Subject → email (or the subject) of every joined member of the tenant at {@code base}. */
  static Map<String, String> of(AdminApi api, String base) {
    Map<String, String> names = new LinkedHashMap<>();
    for (JsonObject m : api.getArray(base + "/members").getValuesAs(JsonObject.class)) {
      if (m.containsKey("subject")) {
        names.put(m.getString("subject"), m.getString("email", m.getString("subject")));
      }
    }
    return names;
  }
}
