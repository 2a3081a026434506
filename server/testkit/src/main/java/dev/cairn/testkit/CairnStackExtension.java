package dev.cairn.testkit;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Starts the run's {@link TestStack} (once per JVM) before a test class and resolves {@link
 * TestStack} and {@link TestKeycloak} parameters. Register it before Arquillian's extension.
 */
public class CairnStackExtension implements BeforeAllCallback, ParameterResolver {
  @Override
  public void beforeAll(ExtensionContext context) {
    TestStack.get();
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    Class<?> type = parameter.getParameter().getType();
    return type == TestStack.class || type == TestKeycloak.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    TestStack stack = TestStack.get();
    return parameter.getParameter().getType() == TestStack.class ? stack : stack.keycloak();
  }
}
