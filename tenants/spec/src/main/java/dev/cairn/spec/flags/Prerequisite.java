package dev.cairn.spec.flags;

/**
 * This flag serves its targeting only while flag {@code flag} is on and serves {@code variation}.
 */
public record Prerequisite(String flag, String variation) {}
