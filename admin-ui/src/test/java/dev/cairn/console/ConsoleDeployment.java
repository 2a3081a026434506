package dev.cairn.console;

import dev.cairn.testkit.Deployments;
import dev.cairn.testkit.TestStack;
import java.io.File;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/**
 * The console and the server it calls, as they run from the Run command (both real WARs in one
 * Payara Micro: the server at {@code /}, the console at {@code /console}), packed as one EAR so one
 * Arquillian deployment boots both. Build the server first ({@code -pl server,admin-ui -am}).
 */
final class ConsoleDeployment {
  private static final String APPLICATION_XML =
      """
      <?xml version="1.0" encoding="UTF-8"?>
      <application xmlns="https://jakarta.ee/xml/ns/jakartaee" version="10">
        <display-name>cairn</display-name>
        <module><web><web-uri>cairn-server.war</web-uri><context-root>/</context-root></web></module>
        <module><web><web-uri>cairn-console.war</web-uri><context-root>/console</context-root></web></module>
      </application>
      """;

  private ConsoleDeployment() {}

  static EnterpriseArchive serverAndConsole() {
    File serverWar = new File("../server/target/cairn-server.war");
    if (!serverWar.isFile()) {
      throw new IllegalStateException(
          serverWar + " is missing: build with `mvn -pl server,admin-ui -am verify`");
    }
    WebArchive server =
        Deployments.configure(
            ShrinkWrap.createFromZipFile(WebArchive.class, serverWar),
            TestStack.get().serverConfig());
    WebArchive console =
        Deployments.configure(
            ShrinkWrap.createFromZipFile(WebArchive.class, new File("target/cairn-console.war")),
            TestStack.get().serverConfig());
    return ShrinkWrap.create(EnterpriseArchive.class, "cairn.ear")
        .addAsModule(server)
        .addAsModule(console)
        .setApplicationXML(new StringAsset(APPLICATION_XML));
  }
}
