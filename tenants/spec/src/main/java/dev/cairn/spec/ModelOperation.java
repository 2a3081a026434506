package dev.cairn.spec;

import java.util.Locale;

/**
 * An {@code operations:} value of an {@code @auth} rule. {@code READ} stands for all of {@code GET,
 * LIST, SYNC, LISTEN, SEARCH}.
 */
public enum ModelOperation {
  CREATE,
  UPDATE,
  DELETE,
  READ,
  GET,
  LIST,
  SYNC,
  LISTEN,
  SEARCH;

  public String sdlName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
