package dev.cairn.server.flags;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

/**
 * A tenant's flag-set version: +1 on every change of a flag or segment, in the same transaction.
 * JPA's optimistic lock on it makes two concurrent changes of one tenant's flags conflict instead
 * of both passing validation against a set the other one changed (say, each adding half of a
 * prerequisite cycle).
 */
@Entity
@Table(name = "cairn_flag_set")
public class StoredFlagSetVersion {
  @Id
  @Column(length = 40)
  private String tenant;

  private long number;

  @Version private long lockVersion;

  protected StoredFlagSetVersion() {}

  StoredFlagSetVersion(String tenant) {
    this.tenant = tenant;
  }

  long number() {
    return number;
  }

  long increment() {
    return ++number;
  }
}
