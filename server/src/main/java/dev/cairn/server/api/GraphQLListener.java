package dev.cairn.server.api;

import jakarta.inject.Inject;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.annotation.WebListener;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * With {@code cairn.graphql.in-listener}, puts a {@link GraphQLListenerFilter} into each HTTP
 * listener of this Payara (Micro) process while the application runs ({@link ListenerChains}), so
 * {@code POST /t/{tenant}/graphql} (and its CORS preflight) is answered below the Servlet layer on
 * the same port and URL, plain and TLS listeners alike, by the same {@link GraphQLRequests} as
 * {@link GraphQLServlet}. If the listeners cannot be found, every request goes through the Servlet
 * layer and a warning says so.
 */
@WebListener
public class GraphQLListener implements ServletContextListener {
  @Inject ListenerAnswers answers;

  /**
   * Whether GraphQL requests are answered in the listener; off (the default), each goes through the
   * Servlet container ({@link GraphQLServlet} and the filters before it).
   */
  @Inject
  @ConfigProperty(name = "cairn.graphql.in-listener", defaultValue = "false")
  boolean enabled;

  private ListenerChains installed;

  @Override
  public void contextInitialized(ServletContextEvent event) {
    if (!enabled) {
      return;
    }
    answers.prepare();
    String contextPath = event.getServletContext().getContextPath();
    ClassLoader application = Thread.currentThread().getContextClassLoader();
    installed =
        ListenerChains.install(
            "GraphQL requests are answered",
            "GraphQL requests go through the Servlet layer",
            chain -> new GraphQLListenerFilter(answers, contextPath, application));
  }

  @Override
  public void contextDestroyed(ServletContextEvent event) {
    if (installed != null) {
      installed.remove();
    }
  }
}
