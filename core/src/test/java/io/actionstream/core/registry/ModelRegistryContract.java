package io.actionstream.core.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.actionstream.core.model.HandMadePackage;
import io.actionstream.core.model.ModelPackage;
import io.actionstream.core.model.ModelPackageException;
import io.actionstream.core.registry.ModelVersion.Status;
import io.actionstream.core.registry.RegistryEvent.Type;
import io.actionstream.core.registry.RegistryException.Reason;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every registry store must do, run against each ({@link DirectoryRegistryTest}, {@link
 * KafkaRegistryTest}): the operations, their refusals, the events they record, fetching the bytes
 * that were published, and two instances on one store agreeing.
 */
abstract class ModelRegistryContract {
  /** A model file larger than several Kafka chunks of the tests' size. */
  static final int LARGE_MODEL_PADDING = 20_000;

  @TempDir Path work;

  /** Opens a registry on this test's store; a second call opens another client of the same. */
  abstract ModelRegistry openRegistry();

  /** Changes one byte of the stored model file of {@code version}. */
  abstract void corruptStoredModel(String version) throws Exception;

  Path publishable(String version, int padding) throws IOException {
    HandMadePackage p = new HandMadePackage();
    p.version = version;
    p.paddingBytes = padding;
    return p.write(work.resolve("src-" + version));
  }

  static Change change(String reason) {
    return new Change("tester@ci", reason, Map.of());
  }

  private static void assertRefused(Reason reason, Executable op) {
    RegistryException e = assertThrows(RegistryException.class, op);
    assertEquals(reason, e.reason(), e.getMessage());
  }

  @Test
  void shouldPromoteAndRollBackThroughTheServingHistory() throws Exception {
    try (ModelRegistry r = openRegistry()) {
      assertEquals(Optional.empty(), r.state().serving());
      r.publish(publishable("v1", 0), change("first"));
      r.publish(publishable("v2", LARGE_MODEL_PADDING), change("second"));
      r.publish(publishable("v3", 0), change("third"));
      assertEquals(
          List.of("v1", "v2", "v3"),
          r.state().versions().stream().map(ModelVersion::version).toList());
      assertTrue(r.state().versions().stream().allMatch(v -> v.status() == Status.AVAILABLE));

      assertEquals(Status.SERVING, r.promote("v1", change("baseline")).status());
      r.promote("v2", change("better"));
      r.promote("v3", change("better still"));
      assertEquals(Optional.of("v3"), r.state().serving());
      assertEquals(Status.AVAILABLE, r.state().require("v2").status());

      assertEquals("v2", r.rollback(change("v3 misbehaves")).version());
      assertEquals("v1", r.rollback(change("v2 too")).version());
      assertEquals(Optional.of("v1"), r.state().serving());
      assertRefused(Reason.NO_SERVING_VERSION, () -> r.rollback(change("nothing before v1")));

      RegistryEvent last = r.state().events().get(r.state().events().size() - 1);
      assertEquals(Type.ROLLED_BACK, last.type());
      assertEquals("v1", last.version());
      assertEquals("v2", last.previous());
    }
  }

  @Test
  void shouldRecordWhoWhenWhyAndTheMetricsOfEveryChange() throws Exception {
    try (ModelRegistry r = openRegistry()) {
      Instant before = Instant.now().minusSeconds(1);
      r.publish(publishable("v1", 0), change("trained nightly"));
      r.promote(
          "v1", new Change("retrain-job", "gate passed", Map.of("gate.sentence_accuracy", 0.97)));
      List<RegistryEvent> events = r.state().events();
      assertEquals(
          List.of(Type.PUBLISHED, Type.PROMOTED),
          events.stream().map(RegistryEvent::type).toList());
      RegistryEvent published = events.get(0);
      assertEquals("tester@ci", published.actor());
      assertEquals("trained nightly", published.reason());
      assertEquals("from-pytorch", published.name());
      assertEquals(Map.of("test.sentence_accuracy", 0.5), published.metrics());
      RegistryEvent promoted = events.get(1);
      assertEquals("retrain-job", promoted.actor());
      assertEquals("gate passed", promoted.reason());
      assertEquals(
          Map.of("test.sentence_accuracy", 0.5, "gate.sentence_accuracy", 0.97),
          promoted.metrics());
      assertNull(promoted.previous());
      assertTrue(Instant.parse(promoted.time()).isAfter(before), promoted.time());
      assertNotEquals(published.id(), promoted.id());
    }
  }

  @Test
  void shouldRefuseWhatWouldChangeNothingOrBreakTheHistory() throws Exception {
    try (ModelRegistry r = openRegistry()) {
      r.publish(publishable("v1", 0), change("one"));
      r.publish(publishable("v2", 0), change("two"));
      assertRefused(Reason.VERSION_EXISTS, () -> r.publish(publishable("v1", 7), change("again")));
      assertRefused(Reason.UNKNOWN_VERSION, () -> r.promote("v9", change("typo")));
      assertRefused(Reason.NO_SERVING_VERSION, () -> r.rollback(change("nothing serves")));
      r.promote("v1", change("serve"));
      assertRefused(Reason.SERVING, () -> r.promote("v1", change("again")));
      assertRefused(Reason.SERVING, () -> r.retire("v1", change("serving")));
      r.retire("v2", change("superseded"));
      assertEquals(Status.RETIRED, r.state().require("v2").status());
      assertRefused(Reason.RETIRED, () -> r.promote("v2", change("back")));
      assertRefused(Reason.RETIRED, () -> r.retire("v2", change("twice")));
      assertRefused(Reason.RETIRED, () -> r.fetch("v2", work.resolve("cache")));
      assertRefused(Reason.VERSION_EXISTS, () -> r.publish(publishable("v2", 0), change("reuse")));
      assertEquals(4, r.state().events().size(), "refusals leave no events");
    }
  }

  @Test
  void shouldRecordAGateRejectionAndStillLetAPersonPromote() throws Exception {
    try (ModelRegistry r = openRegistry()) {
      r.publish(publishable("v1", 0), change("one"));
      r.publish(publishable("v2", 0), change("two"));
      r.promote("v1", change("serve"));
      Change gate =
          new Change(
              "retrain-job",
              "labels.mean_slot_accuracy did not improve",
              Map.of("gate.delta", -0.1));
      assertEquals(Status.REJECTED, r.reject("v2", gate).status());
      assertRefused(Reason.SERVING, () -> r.reject("v1", change("serving")));
      RegistryEvent last = r.state().events().get(r.state().events().size() - 1);
      assertEquals(Type.REJECTED, last.type());
      assertEquals(-0.1, last.metrics().get("gate.delta"));
      assertEquals(Status.SERVING, r.promote("v2", change("a person overrides the gate")).status());
    }
  }

  @Test
  void shouldRefuseAnInvalidPackageWithTheValidatorsReason() throws Exception {
    HandMadePackage bad = new HandMadePackage();
    bad.fixedBatch = 1L;
    Path dir = bad.write(work.resolve("fixed-batch"));
    try (ModelRegistry r = openRegistry()) {
      ModelPackageException e =
          assertThrows(ModelPackageException.class, () -> r.publish(dir, change("bad")));
      assertEquals(ModelPackageException.Reason.SHAPE_MISMATCH, e.reason());
      assertTrue(r.state().versions().isEmpty());
    }
  }

  @Test
  void shouldRefuseAVersionNameThatCannotBeAKey() throws Exception {
    try (ModelRegistry r = openRegistry()) {
      Path dir = publishable("a/b", 0);
      ModelPackageException e =
          assertThrows(ModelPackageException.class, () -> r.publish(dir, change("slash")));
      assertTrue(e.getMessage().contains("'a/b' cannot be published"), e.getMessage());
    }
  }

  @Test
  void shouldRollBackPastARetiredVersion() throws Exception {
    try (ModelRegistry r = openRegistry()) {
      for (String v : List.of("v1", "v2", "v3")) {
        r.publish(publishable(v, 0), change("publish"));
        r.promote(v, change("promote"));
      }
      r.retire("v2", change("bad data"));
      assertEquals(Optional.of("v1"), r.state().rollbackTarget());
      assertEquals("v1", r.rollback(change("v3 misbehaves")).version());
    }
  }

  @Test
  void shouldFetchTheBytesThatWerePublished() throws Exception {
    Path source = publishable("v2", LARGE_MODEL_PADDING);
    Path cache = work.resolve("cache");
    try (ModelRegistry r = openRegistry()) {
      r.publish(source, change("large"));
      ModelPackage fetched = r.fetch("v2", cache);
      assertEquals(cache.resolve("v2"), fetched.directory());
      for (String f : List.of("model.onnx", "manifest.json")) {
        assertEquals(
            ModelPackage.sha256(source.resolve(f)),
            ModelPackage.sha256(fetched.directory().resolve(f)),
            f);
      }
      // a damaged cached copy is replaced, not served: the model file, or only the manifest
      Files.write(fetched.modelFile(), new byte[] {1, 2, 3});
      assertEquals(
          ModelPackage.sha256(source.resolve("model.onnx")),
          ModelPackage.sha256(r.fetch("v2", cache).modelFile()));
      Path manifest = fetched.directory().resolve("manifest.json");
      Files.writeString(manifest, Files.readString(manifest) + " ");
      r.fetch("v2", cache);
      assertEquals(
          ModelPackage.sha256(source.resolve("manifest.json")), ModelPackage.sha256(manifest));
    }
  }

  @Test
  void shouldRefuseAStoredPackageWhoseBytesChanged() throws Exception {
    try (ModelRegistry r = openRegistry()) {
      r.publish(publishable("v1", LARGE_MODEL_PADDING), change("one"));
      corruptStoredModel("v1");
      assertRefused(Reason.CORRUPT_PACKAGE, () -> r.fetch("v1", work.resolve("cache")));
      assertTrue(
          Files.notExists(work.resolve("cache").resolve("v1")),
          "nothing corrupt left in the cache");
    }
  }

  @Test
  void shouldLetAnotherClientSeeEachChangeWhileItWaits() throws Exception {
    try (ModelRegistry writer = openRegistry();
        ModelRegistry reader = openRegistry()) {
      writer.publish(publishable("v1", 0), change("one"));
      assertEquals(Optional.empty(), reader.state().serving());
      assertEquals(1, reader.state().versions().size());
      CompletableFuture<RegistryState> waited =
          CompletableFuture.supplyAsync(
              () -> {
                RegistryState s = reader.refresh(Duration.ofSeconds(20));
                while (s.serving().isEmpty()) {
                  s = reader.refresh(Duration.ofSeconds(20));
                }
                return s;
              });
      Thread.sleep(200);
      long start = System.nanoTime();
      writer.promote("v1", change("serve"));
      RegistryState seen = waited.get(30, TimeUnit.SECONDS);
      long ms = (System.nanoTime() - start) / 1_000_000;
      assertEquals(Optional.of("v1"), seen.serving());
      assertTrue(ms < 10_000, "the waiting reader saw the promotion after " + ms + " ms");
      assertEquals(writer.state().events(), reader.state().events());
    }
  }
}
