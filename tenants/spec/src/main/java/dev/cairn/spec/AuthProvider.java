package dev.cairn.spec;

import java.util.Arrays;
import java.util.Optional;

/** {@code provider:} of an {@code @auth} rule, with its SDL spelling. */
public enum AuthProvider {
  API_KEY("apiKey"),
  IAM("iam"),
  OIDC("oidc"),
  USER_POOLS("userPools");

  private final String sdlName;

  AuthProvider(String sdlName) {
    this.sdlName = sdlName;
  }

  public String sdlName() {
    return sdlName;
  }

  public static Optional<AuthProvider> fromSdl(String name) {
    return Arrays.stream(values()).filter(p -> p.sdlName.equals(name)).findFirst();
  }
}
