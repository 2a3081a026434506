package dev.cairn.server;

import jakarta.json.spi.JsonProvider;

/**
 * The JSON-P provider, looked up once. {@code jakarta.json.Json}'s static methods look it up
 * through a {@link java.util.ServiceLoader} on every call, which rescans the class path: measured
 * at a fifth of a mutation's CPU and a tenth of the server's while subscribers connected. Use
 * {@link #PROVIDER} wherever a request or a message is handled.
 */
public final class Jsonp {
  public static final JsonProvider PROVIDER = JsonProvider.provider();

  private Jsonp() {}
}
