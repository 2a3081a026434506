package dev.cairn.server.api.admin;

import dev.cairn.server.Jsonp;
import dev.cairn.server.tenancy.ApiKey;
import dev.cairn.server.tenancy.AuditEvent;
import dev.cairn.server.tenancy.ConflictConfig;
import dev.cairn.server.tenancy.Member;
import dev.cairn.server.tenancy.SchemaVersion;
import dev.cairn.server.tenancy.Tenant;
import dev.cairn.server.tenancy.TrustedIssuer;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonStructure;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.function.Function;

/** The JSON shapes the admin API answers with. Secrets (API key hashes) never appear. */
final class AdminViews {
  private AdminViews() {}

  static Response ok(JsonStructure json) {
    return Response.ok(json.toString(), MediaType.APPLICATION_JSON).build();
  }

  static Response created(JsonStructure json) {
    return Response.status(Response.Status.CREATED)
        .type(MediaType.APPLICATION_JSON)
        .entity(json.toString())
        .build();
  }

  static <T> JsonArrayBuilder array(List<T> items, Function<T, JsonObjectBuilder> view) {
    JsonArrayBuilder a = Jsonp.PROVIDER.createArrayBuilder();
    items.forEach(i -> a.add(view.apply(i)));
    return a;
  }

  static JsonObjectBuilder tenant(Tenant t) {
    return Jsonp.PROVIDER
        .createObjectBuilder()
        .add("slug", t.id().slug())
        .add("name", t.name())
        .add("createdAt", t.createdAt().toString())
        .add("graphqlPath", "/t/" + t.id().slug() + "/graphql")
        .add("introspection", t.introspection());
  }

  static JsonObjectBuilder schema(SchemaVersion v) {
    return Jsonp.PROVIDER
        .createObjectBuilder()
        .add("version", v.number())
        .add("hash", v.hash())
        .add("author", v.author())
        .add("createdAt", v.createdAt().toString())
        .add("active", v.active());
  }

  static JsonObjectBuilder apiKey(ApiKey k) {
    JsonObjectBuilder b =
        Jsonp.PROVIDER
            .createObjectBuilder()
            .add("id", k.id())
            .add("prefix", k.prefix())
            .add("description", k.description())
            .add("createdAt", k.createdAt().toString())
            .add("expiresAt", k.expiresAt().toString());
    k.revokedAt()
        .ifPresentOrElse(at -> b.add("revokedAt", at.toString()), () -> b.addNull("revokedAt"));
    return b;
  }

  static JsonObjectBuilder member(Member m) {
    JsonObjectBuilder b =
        Jsonp.PROVIDER
            .createObjectBuilder()
            .add("id", m.id())
            .add("role", m.role().name())
            .add("joined", m.subject().isPresent());
    m.email().ifPresent(e -> b.add("email", e));
    m.subject().ifPresent(s -> b.add("subject", s));
    return b;
  }

  static JsonObjectBuilder issuer(TrustedIssuer i) {
    JsonObjectBuilder b =
        Jsonp.PROVIDER
            .createObjectBuilder()
            .add("issuer", i.issuer())
            .add("audience", i.audience())
            .add("identityClaim", i.identityClaim())
            .add("groupsClaim", i.groupsClaim())
            .add("provisioned", i.provisioned());
    i.jwksUri().ifPresent(u -> b.add("jwksUri", u));
    return b;
  }

  static JsonObjectBuilder conflicts(ConflictConfig c) {
    JsonObjectBuilder models = Jsonp.PROVIDER.createObjectBuilder();
    c.models().forEach((m, s) -> models.add(m, s.name()));
    JsonObjectBuilder b =
        Jsonp.PROVIDER
            .createObjectBuilder()
            .add("default", c.defaultStrategy().name())
            .add("models", models);
    c.webhook().ifPresentOrElse(w -> b.add("webhook", w), () -> b.addNull("webhook"));
    return b;
  }

  static JsonObjectBuilder audit(AuditEvent e) {
    JsonObjectBuilder b =
        Jsonp.PROVIDER
            .createObjectBuilder()
            .add("id", e.id())
            .add("at", e.at().toString())
            .add("actor", e.actor())
            .add("action", e.action())
            .add("target", e.target());
    e.before().ifPresentOrElse(v -> b.add("before", v), () -> b.addNull("before"));
    e.after().ifPresentOrElse(v -> b.add("after", v), () -> b.addNull("after"));
    return b;
  }
}
