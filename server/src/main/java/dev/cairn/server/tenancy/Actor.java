package dev.cairn.server.tenancy;

import java.util.Objects;

/**
 * The console user on whose behalf a control-plane call runs: their stable subject, a name for
 * humans (audit log) and their email (which binds invitations), empty when unknown.
 */
public record Actor(String subject, String name, String email) {
  public Actor {
    Objects.requireNonNull(subject, "subject");
    name = name == null ? subject : name;
    email = email == null ? "" : email;
  }
}
