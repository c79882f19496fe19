package io.actionstream.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Self-signed certificates made at test time with the JDK's {@code keytool}, in PKCS12 stores: the
 * broker's key (CN=localhost, SAN localhost and 127.0.0.1), a client's key for mutual TLS, a
 * truststore for clients (the broker's certificate) and one for the broker (the client's).
 */
final class TestCertificates {
  final String password;
  final Path brokerKeystore;
  final Path brokerTruststore;
  final Path clientKeystore;
  final Path clientTruststore;

  private TestCertificates(Path dir, String password) {
    this.password = password;
    this.brokerKeystore = dir.resolve("broker.p12");
    this.brokerTruststore = dir.resolve("broker-trust.p12");
    this.clientKeystore = dir.resolve("client.p12");
    this.clientTruststore = dir.resolve("client-trust.p12");
  }

  /** Makes the four stores in {@code dir}, all with {@code password}; the client is CN=client. */
  static TestCertificates make(Path dir, String password) throws IOException, InterruptedException {
    TestCertificates c = new TestCertificates(dir, password);
    c.keyPair(c.brokerKeystore, "CN=localhost", "SAN=dns:localhost,ip:127.0.0.1");
    c.keyPair(c.clientKeystore, "CN=client", null);
    c.trust(c.brokerKeystore, c.clientTruststore, dir.resolve("broker.crt"));
    c.trust(c.clientKeystore, c.brokerTruststore, dir.resolve("client.crt"));
    return c;
  }

  private void keyPair(Path store, String dname, String extension)
      throws IOException, InterruptedException {
    List<String> args =
        new ArrayList<>(
            List.of(
                "-genkeypair",
                "-alias",
                "key",
                "-keyalg",
                "RSA",
                "-keysize",
                "2048",
                "-validity",
                "2",
                "-dname",
                dname,
                "-storetype",
                "PKCS12",
                "-keystore",
                store.toString(),
                "-storepass",
                password,
                "-keypass",
                password));
    if (extension != null) {
      args.addAll(List.of("-ext", extension));
    }
    keytool(args);
  }

  private void trust(Path keystore, Path truststore, Path certificate)
      throws IOException, InterruptedException {
    keytool(
        List.of(
            "-exportcert",
            "-alias",
            "key",
            "-keystore",
            keystore.toString(),
            "-storepass",
            password,
            "-file",
            certificate.toString()));
    keytool(
        List.of(
            "-importcert",
            "-noprompt",
            "-alias",
            "trusted",
            "-file",
            certificate.toString(),
            "-storetype",
            "PKCS12",
            "-keystore",
            truststore.toString(),
            "-storepass",
            password));
  }

  private static void keytool(List<String> args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
    command.addAll(args);
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (p.waitFor() != 0) {
      throw new IOException("keytool " + args.get(0) + " failed: " + out);
    }
  }
}
