package dev.cairn.server.tenancy;

import java.util.Objects;

/**
 * The console user on whose behalf a control-plane call runs: their stable subject, a name for
 * humans (audit log), their email — only one the identity provider has verified, empty otherwise:
 * it binds invitations and is required to sign tenants up — and whether they operate this Cairn
 * (members of {@value SignupLimits#OPERATOR_GROUP}: signup limits do not apply to them).
 */
public record Actor(String subject, String name, String email, boolean operator) {
  public Actor {
    Objects.requireNonNull(subject, "subject");
    name = name == null ? subject : name;
    email = email == null ? "" : email;
  }

  /** A console user who is not an operator. */
  public Actor(String subject, String name, String email) {
    this(subject, name, email, false);
  }

  /** Whether the user has an email address their identity provider verified. */
  public boolean hasVerifiedEmail() {
    return !email.isBlank();
  }
}
