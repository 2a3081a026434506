package dev.cairn.server.tenancy;

import dev.cairn.server.Jsonp;
import jakarta.json.JsonObjectBuilder;
import java.util.Map;

/** Small JSON snapshots of control-plane rows for the audit log; never contains secrets. */
final class AuditJson {
  private AuditJson() {}

  static String of(Map<String, ?> fields) {
    JsonObjectBuilder b = Jsonp.PROVIDER.createObjectBuilder();
    fields.forEach(
        (k, v) -> {
          if (v == null) {
            b.addNull(k);
          } else if (v instanceof Number n) {
            b.add(k, n.longValue());
          } else if (v instanceof Boolean flag) {
            b.add(k, flag);
          } else {
            b.add(k, String.valueOf(v));
          }
        });
    return b.build().toString();
  }
}
