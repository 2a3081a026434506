/*
 * Runs Cairn on embedded defaults from a clone of the repository:
 *
 *     java server/launcher/Cairn.java
 *
 * This file is a JDK single-file program, so that the one command works before anything is built.
 * It builds the reactor with Maven when a source is newer than the last build (and never
 * otherwise), then hands over to dev.cairn.launcher.Launcher in this same JVM, which starts the
 * MongoDB stand-in, Keycloak and Payara Micro. Ctrl-C stops them all.
 */
import java.io.IOException;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

public class Cairn {
  private static final Set<String> SKIPPED = Set.of("target", "node_modules", ".git", ".idea");
  private static final List<String> SOURCES =
      List.of("pom.xml", "tenants", "server", "admin-ui", "client-sdk");

  public static void main(String[] args) throws Exception {
    Path repo = Path.of("").toAbsolutePath();
    Path launcher = repo.resolve("server/launcher");
    if (!Files.isRegularFile(launcher.resolve("pom.xml"))) {
      System.err.println("Run this from the repository root: java server/launcher/Cairn.java");
      System.exit(2);
    }
    Path stamp = launcher.resolve("target/cairn-build.stamp");
    FileTime newestSource = newestSource(repo);
    if (!Files.exists(stamp) || Files.getLastModifiedTime(stamp).compareTo(newestSource) < 0) {
      build(repo, stamp);
    } else {
      System.out.println("Build is up to date.");
    }

    List<URL> classpath = new ArrayList<>();
    classpath.add(launcher.resolve("target/classes").toUri().toURL());
    for (String entry : Files.readString(launcher.resolve("target/classpath.txt")).trim().split(java.io.File.pathSeparator)) {
      if (!entry.isBlank()) {
        classpath.add(Path.of(entry).toUri().toURL());
      }
    }
    ClassLoader loader = new URLClassLoader(classpath.toArray(URL[]::new), Cairn.class.getClassLoader());
    Thread.currentThread().setContextClassLoader(loader);
    Method main = loader.loadClass("dev.cairn.launcher.Launcher").getMethod("main", String[].class);
    main.invoke(null, (Object) new String[] {repo.toString()});
  }

  private static void build(Path repo, Path stamp) throws IOException, InterruptedException {
    System.out.println("Building Cairn (mvn -q package -DskipTests) ...");
    long t0 = System.nanoTime();
    Process mvn =
        new ProcessBuilder("mvn", "-q", "-B", "package", "-DskipTests")
            .directory(repo.toFile())
            .inheritIO()
            .start();
    if (mvn.waitFor() != 0) {
      System.err.println("The build failed; see Maven's output above.");
      System.exit(1);
    }
    Files.createDirectories(stamp.getParent());
    Files.writeString(stamp, "built\n");
    System.out.printf("Built in %.0f s.%n", (System.nanoTime() - t0) / 1e9);
  }

  private static FileTime newestSource(Path repo) throws IOException {
    FileTime[] newest = {FileTime.fromMillis(0)};
    for (String source : SOURCES) {
      Path root = repo.resolve(source);
      if (!Files.exists(root)) {
        continue;
      }
      Files.walkFileTree(
          root,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
              return SKIPPED.contains(dir.getFileName().toString())
                  ? FileVisitResult.SKIP_SUBTREE
                  : FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
              if (attrs.lastModifiedTime().compareTo(newest[0]) > 0) {
                newest[0] = attrs.lastModifiedTime();
              }
              return FileVisitResult.CONTINUE;
            }
          });
    }
    return newest[0];
  }
}
