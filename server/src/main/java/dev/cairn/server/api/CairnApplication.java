package dev.cairn.server.api;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/**
 * The server's one JAX-RS application, rooted at the context root so that the admin API lives under
 * {@code /api/admin} and tenant endpoints under {@code /t/{tenant}}.
 */
@ApplicationScoped
@ApplicationPath("/")
public class CairnApplication extends Application {}
