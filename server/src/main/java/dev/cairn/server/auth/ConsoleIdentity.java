package dev.cairn.server.auth;

import java.security.Principal;
import java.util.List;

/**
 * A console user, as established by a verified access token of the console realm.
 *
 * @param subject the token's {@code sub}, stable for the user's lifetime
 * @param username the {@code preferred_username}
 * @param email the {@code email}, or empty when the token has none
 * @param emailVerified the {@code email_verified} claim: whether the issuer checked that the user
 *     owns {@code email}; only a verified email may claim an invitation
 * @param groups the {@code groups} claim, empty when absent
 */
public record ConsoleIdentity(
    String subject, String username, String email, boolean emailVerified, List<String> groups)
    implements Principal {

  public ConsoleIdentity {
    groups = List.copyOf(groups);
  }

  @Override
  public String getName() {
    return username;
  }
}
