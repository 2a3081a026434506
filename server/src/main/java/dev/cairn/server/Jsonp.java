package dev.cairn.server;

import jakarta.json.spi.JsonProvider;

/**
 * The JSON-P provider, looked up once. {@code jakarta.json.Json}'s static methods look it up
 * through a {@link java.util.ServiceLoader} on every call, which rescans the class path: measured
 * at a fifth of a mutation's CPU and a tenth of the server's while subscribers connected. Use
 * {@link #PROVIDER} wherever a request or a message is handled.
 *
 * <p>How the server handles JSON, one way each: it reads JSON and builds JSON-P object models (the
 * admin API's bodies, Keycloak's admin requests, the audit snapshots, the log lines) on this
 * provider; JSON text it composes from Java values (GraphQL results, realtime protocol messages,
 * flag and OFREP bodies, the edge's error bodies) is written by {@code graphql.JsonOutput}; it does
 * not concatenate JSON by hand. The exceptions say why where they are: record ids ({@code
 * RecordKey}) and page-token filter hashes ({@code PageTokens}) are stored formats that must not
 * change, and the admin data browser embeds the MongoDB driver's Extended JSON.
 */
public final class Jsonp {
  public static final JsonProvider PROVIDER = JsonProvider.provider();

  private Jsonp() {}
}
