package dev.cairn.spec.flags;

import java.util.List;

/** Individual targeting: these user ids (context {@code key}) get {@code variation}. */
public record Target(String variation, List<String> users) {
  public Target {
    users = List.copyOf(users);
  }
}
