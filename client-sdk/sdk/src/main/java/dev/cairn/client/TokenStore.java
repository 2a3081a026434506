package dev.cairn.client;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Where {@link KeycloakBrowserLogin} keeps a signed-in user's tokens beyond memory, so that an app
 * restarted within the refresh token's lifetime need not open the browser again (e.g. the operating
 * system's keychain). Tokens are secrets: an implementation must keep them where only the user can
 * read them. Called from any thread, never concurrently by one login.
 */
public interface TokenStore {

  /** The tokens saved last, if any. */
  Optional<Tokens> load();

  /** Keeps {@code tokens}, replacing what was kept. */
  void save(Tokens tokens);

  /** Forgets the tokens (sign-out, or a session Keycloak no longer refreshes). */
  void clear();

  /**
   * A token set as Keycloak's token endpoint answered it.
   *
   * @param refreshToken null when Keycloak issued none
   * @param refreshExpiresAt when the refresh token expires; null when unknown or never (offline
   *     tokens)
   */
  record Tokens(
      String accessToken, String refreshToken, Instant accessExpiresAt, Instant refreshExpiresAt) {
    public Tokens {
      Objects.requireNonNull(accessToken, "accessToken");
      Objects.requireNonNull(accessExpiresAt, "accessExpiresAt");
    }

    @Override
    public String toString() {
      return "Tokens[access expires "
          + accessExpiresAt
          + ", refresh expires "
          + refreshExpiresAt
          + "]";
    }
  }
}
