package dev.cairn.codegen;

import dev.cairn.spec.ModelSchemaParser;
import dev.cairn.spec.ParseResult;
import dev.cairn.spec.SchemaError;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;

/**
 * {@code cairn-codegen:generate}: reads a tenant's {@code schema.graphql} with the tenant schema
 * library ({@code tenants/spec}, the same validation the server applies) and writes Java model
 * records for the client SDK, then adds the output folder to the compile source roots. A schema
 * error fails the build with {@code file:line:col: message}. Skips the work when the schema and the
 * package are unchanged since the last run.
 */
@Mojo(name = "generate", defaultPhase = LifecyclePhase.GENERATE_SOURCES, threadSafe = true)
public class GenerateMojo extends AbstractMojo {
  // Part of the stamp: a new generator version regenerates unchanged schemas (2: owner rules and
  // the schema hash; 3: Models.all() lists models with a @primaryKey too).
  private static final String GENERATOR_VERSION = "3";

  /** The tenant schema. */
  @Parameter(property = "cairn.schema", required = true)
  private File schema;

  /** The Java package of the generated classes. */
  @Parameter(property = "cairn.package", required = true)
  private String packageName;

  @Parameter(defaultValue = "${project.build.directory}/generated-sources/cairn")
  private File outputDirectory;

  @Parameter(defaultValue = "${project}", readonly = true)
  private MavenProject project;

  @Override
  public void execute() throws MojoExecutionException, MojoFailureException {
    Path out = outputDirectory.toPath();
    if (project != null) {
      project.addCompileSourceRoot(out.toString());
    }
    try {
      String source = Files.readString(schema.toPath(), StandardCharsets.UTF_8);
      String hash = hash(GENERATOR_VERSION + "\n" + packageName + "\n" + source);
      Path stamp = out.resolve(".cairn-codegen.sha256");
      if (Files.exists(stamp) && Files.readString(stamp).equals(hash)) {
        getLog().info("cairn-codegen: " + schema + " unchanged; models are up to date");
        return;
      }
      ParseResult result = ModelSchemaParser.parse(schema.getPath(), source);
      if (!result.isValid()) {
        String errors =
            result.errors().stream().map(SchemaError::toString).collect(Collectors.joining("\n"));
        throw new MojoFailureException("invalid tenant schema:\n" + errors);
      }
      JavaModelGenerator.Output output =
          JavaModelGenerator.generate(result.orElseThrow(), packageName);
      for (Map.Entry<String, String> file : output.sources().entrySet()) {
        Path target = out.resolve(file.getKey());
        Files.createDirectories(target.getParent());
        Files.writeString(target, file.getValue(), StandardCharsets.UTF_8);
      }
      Files.writeString(stamp, hash);
      getLog()
          .info("cairn-codegen: generated " + output.sources().size() + " classes from " + schema);
    } catch (IOException e) {
      throw new MojoExecutionException("cannot read " + schema + " or write " + out + ": " + e, e);
    }
  }

  private static String hash(String text) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
