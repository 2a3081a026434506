package dev.cairn.codegen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.maven.plugin.MojoFailureException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GenerateMojoTest {
  @TempDir Path dir;

  private GenerateMojo mojo(Path schema) throws Exception {
    GenerateMojo mojo = new GenerateMojo();
    set(mojo, "schema", schema.toFile());
    set(mojo, "packageName", "com.example");
    set(mojo, "outputDirectory", dir.resolve("out").toFile());
    return mojo;
  }

  @Test
  void aSchemaErrorFailsTheBuildWithFileLineAndColumn() throws Exception {
    Path schema = dir.resolve("schema.graphql");
    Files.writeString(schema, "type Post @model {\n  id: ID!\n  rating: Rating\n}\n");

    assertThatThrownBy(() -> mojo(schema).execute())
        .isInstanceOf(MojoFailureException.class)
        .hasMessageContaining(schema + ":3:");
  }

  @Test
  void anUnchangedSchemaIsNotGeneratedAgain() throws Exception {
    Path schema = dir.resolve("schema.graphql");
    Files.writeString(
        schema, "type Post @model @auth(rules: [{ allow: public }]) { id: ID! title: String }\n");
    mojo(schema).execute();
    Path post = dir.resolve("out/com/example/Post.java");
    Files.writeString(post, "// touched");

    mojo(schema).execute();
    assertThat(Files.readString(post)).isEqualTo("// touched");

    Files.writeString(
        schema, "type Post @model @auth(rules: [{ allow: public }]) { id: ID! name: String }\n");
    mojo(schema).execute();
    assertThat(Files.readString(post)).contains("String name");
  }

  private static void set(Object target, String field, Object value) throws Exception {
    Field f = GenerateMojo.class.getDeclaredField(field);
    f.setAccessible(true);
    f.set(target, value);
  }
}
