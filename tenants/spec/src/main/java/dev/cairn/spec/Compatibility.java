package dev.cairn.spec;

/** How a schema change affects the apps and data already in the field. */
public enum Compatibility {
  /** Existing apps and stored records keep working unchanged. */
  COMPATIBLE,
  /**
   * Works after a mechanical migration Cairn can do (backfill a default, build an index, migrate
   * the local stores); review before publishing.
   */
  MIGRATABLE,
  /** Existing apps or stored records stop working; ship a new app version or migrate by hand. */
  BREAKING
}
