package io.actionstream.deployment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What can be checked of the Dockerfiles without building them (the CUDA one cannot be built on
 * these machines; docker/smoke-test.sh builds and runs the others): every file they copy exists
 * after the modules' packaging and is let through .dockerignore, the launchers they install run the
 * jars they copy, and they drop root and stop on SIGTERM.
 */
class DockerfilesTest {
  private static final Path ROOT = Path.of("..");
  private static final Pattern COPY = Pattern.compile("^COPY (.+) (\\S+)$");
  private static final Pattern JAR = Pattern.compile("java .*-jar (\\S+)");

  @ParameterizedTest
  @ValueSource(strings = {"service", "service-cuda", "trainer"})
  void shouldCopyOnlyWhatTheBuildMadeAndRunItAsANonRootUser(String image) throws IOException {
    List<String> lines = dockerfile(image);
    String version = System.getProperty("actionstream.version");
    List<String> destinations = new ArrayList<>();
    int copies = 0;
    for (String line : lines) {
      Matcher m = COPY.matcher(line);
      if (!m.matches()) {
        continue;
      }
      copies++;
      destinations.add(m.group(2));
      for (String source : m.group(1).split(" ")) {
        Path p = ROOT.resolve(source.replace("${VERSION}", version));
        assertTrue(Files.exists(p), image + ": " + p + " is copied but does not exist");
        assertTrue(allowed(source.replace("${VERSION}", version)), source + " is in .dockerignore");
      }
    }
    assertTrue(copies >= 3, image + " copies " + copies + " things: lib, jar, launchers");
    assertTrue(lines.contains("USER 10001:10001"), image + " drops root");
    if (!image.equals("trainer")) {
      assertTrue(lines.contains("STOPSIGNAL SIGTERM"), image);
      assertTrue(lines.contains("EXPOSE 8080"), image);
    }
    // the launcher the entrypoint names runs a jar this image copies
    String entrypoint =
        lines.stream().filter(l -> l.startsWith("ENTRYPOINT")).findFirst().orElseThrow();
    String launcher = entrypoint.replaceAll(".*\\[\"([^\"]+)\"\\].*", "$1");
    Matcher jar = JAR.matcher(Files.readString(ROOT.resolve("docker/bin").resolve(launcher)));
    assertTrue(jar.find(), launcher);
    assertTrue(
        destinations.contains(jar.group(1)),
        image + ": " + launcher + " runs " + jar.group(1) + ", copied: " + destinations);
  }

  private static List<String> dockerfile(String image) throws IOException {
    // joins continued lines
    String text = Files.readString(ROOT.resolve("docker").resolve(image + ".Dockerfile"));
    return List.of(text.replace("\\\n", " ").split("\n")).stream().map(String::strip).toList();
  }

  /** Whether .dockerignore lets {@code source} into the build context. */
  private static boolean allowed(String source) throws IOException {
    boolean allowed = true;
    for (String rule : Files.readAllLines(ROOT.resolve(".dockerignore"))) {
      if (rule.isBlank() || rule.startsWith("#")) {
        continue;
      }
      boolean negate = rule.startsWith("!");
      String glob = (negate ? rule.substring(1) : rule).replaceAll("/$", "");
      String regex = glob.replace(".", "\\.").replace("*", "[^/]*");
      if (source.matches(regex + "(/.*)?")
          || source.replaceAll("/$", "").matches(regex + "(/.*)?")) {
        allowed = negate;
      }
    }
    return allowed;
  }

  @org.junit.jupiter.api.Test
  void composeShouldRunTheServiceImagesCommands() throws IOException {
    String compose = Files.readString(ROOT.resolve("docker/compose.yaml"));
    assertTrue(compose.contains("command: [topics]"));
    assertTrue(compose.contains("command: [serve]"));
    assertEquals(4, compose.split("image: actionstream/service:0.1.0", -1).length - 1);
  }
}
