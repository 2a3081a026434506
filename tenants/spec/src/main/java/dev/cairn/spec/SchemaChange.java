package dev.cairn.spec;

/**
 * One difference between two schema versions: what changed ({@code subject}, e.g. {@code
 * Post.rating}), how compatible it is, and one sentence for a human.
 */
public record SchemaChange(Compatibility compatibility, String subject, String description) {
  @Override
  public String toString() {
    return compatibility + " " + subject + ": " + description;
  }
}
