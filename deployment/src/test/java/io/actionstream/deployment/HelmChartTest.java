package io.actionstream.deployment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import io.actionstream.core.cli.EnvironmentKeys;
import io.actionstream.service.ServiceCli;
import io.actionstream.service.config.ServiceConfig;
import io.actionstream.service.http.HttpEndpoints;
import io.actionstream.streams.config.StreamProcessorsConfig;
import io.actionstream.trainer.cli.TrainerCli;
import io.actionstream.trainer.config.TrainConfigLoader;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * helm/actionstream rendered by real Helm for several value sets and checked object by object,
 * against the paths, commands and settings the service and trainer really have.
 */
class HelmChartTest {
  @TempDir Path dir;

  @Test
  void shouldPassHelmLint() {
    LintResult lint = new Helm(RenderedChart.CHART).lint().strict().call();
    assertFalse(lint.isFailed(), String.join("\n", lint.getMessages()));
  }

  @Test
  void shouldRenderACpuServiceWhoseProbesSettingsAndCommandsAreTheRealOnes() throws Exception {
    RenderedChart chart = RenderedChart.render();
    Deployment d = chart.one(Deployment.class);
    assertTrue(chart.all(StatefulSet.class).isEmpty(), "ephemeral state: a Deployment");
    assertEquals(2, d.getSpec().getReplicas());
    Container service = d.getSpec().getTemplate().getSpec().getContainers().get(0);
    assertEquals("actionstream/service:0.1.0", service.getImage());
    assertEquals(HttpEndpoints.LIVE, service.getLivenessProbe().getHttpGet().getPath());
    assertEquals(HttpEndpoints.LIVE, service.getStartupProbe().getHttpGet().getPath());
    assertEquals(HttpEndpoints.READY, service.getReadinessProbe().getHttpGet().getPath());
    assertEquals("http", service.getLivenessProbe().getHttpGet().getPort().getStrVal());
    assertEquals("http", service.getPorts().get(0).getName());

    // the settings file is a valid service configuration, on the port the probes use
    ConfigMap config = chart.named(ConfigMap.class, "as-actionstream");
    ServiceConfig settings = new ServiceConfig(RenderedChart.properties(config));
    assertEquals(service.getPorts().get(0).getContainerPort(), settings.httpPort());
    assertEquals(ServiceConfig.ModelSource.REGISTRY, settings.modelSource());
    assertEquals(50_000, settings.shutdownTimeout().toMillis(), "grace period 60 s less 10 s");
    assertEquals(60L, d.getSpec().getTemplate().getSpec().getTerminationGracePeriodSeconds());

    // the containers run commands the images have
    ServiceCli.commandLine(Map.of()).parseArgs(service.getArgs().toArray(String[]::new));
    Container topics = d.getSpec().getTemplate().getSpec().getInitContainers().get(0);
    assertEquals("topics", topics.getArgs().get(0));
    assertEquals(service.getImage(), topics.getImage());
    ServiceCli.commandLine(Map.of()).parseArgs(topics.getArgs().toArray(String[]::new));
    Container retrain = retrainContainer(chart);
    assertEquals("retrain", retrain.getArgs().get(0));
    TrainerCli.commandLine().parseArgs(retrain.getArgs().toArray(String[]::new));
    CronJob cron = chart.one(CronJob.class);
    assertEquals("Forbid", cron.getSpec().getConcurrencyPolicy());
    assertEquals("0 3 * * *", cron.getSpec().getSchedule());
    Path retrainYaml = dir.resolve("retrain.yaml");
    Files.writeString(
        retrainYaml,
        chart.named(ConfigMap.class, "as-actionstream-retrain").getData().get("retrain.yaml"));
    assertEquals(5, TrainConfigLoader.load(retrainYaml, Map.of()).training().epochs());

    assertEquals(1, chart.one(PodDisruptionBudget.class).getSpec().getMaxUnavailable().getIntVal());
    assertTrue(topics.getArgs().containsAll(List.of("--extra-topic", "labels")), "labels topic");
    List<String> retrainArgs = retrain.getArgs();
    assertEquals(
        retrainArgs.get(retrainArgs.indexOf("--labels-topic") + 1),
        settings.streamProcessors().getString(StreamProcessorsConfig.LABELS_TOPIC_CONFIG),
        "the service resolves label references on the topic the job reads");
    for (PodSpec pod : chart.podSpecs()) {
      assertFalse(pod.getEnableServiceLinks(), "no service-link variables among ACTIONSTREAM_*");
    }
    assertEquals(
        "-XX:MaxRAMPercentage=60",
        service.getEnv().stream()
            .filter(e -> e.getName().equals("ACTIONSTREAM_JAVA_OPTS"))
            .findFirst()
            .orElseThrow()
            .getValue(),
        "adds to the image's JAVA_TOOL_OPTIONS instead of replacing them");
    var failurePolicy =
        cron.getSpec().getJobTemplate().getSpec().getPodFailurePolicy().getRules().get(0);
    assertEquals("FailJob", failurePolicy.getAction(), "a rejection is not retried");
    assertEquals(List.of(3), failurePolicy.getOnExitCodes().getValues());
    assertTrue(chart.untyped.isEmpty(), "no ServiceMonitor unless asked");
  }

  @Test
  void shouldGiveEveryContainerResourcesAndARestrictedSecurityContext() throws Exception {
    RenderedChart chart = RenderedChart.render("persistence.enabled", true, "gpu.enabled", true);
    assertEquals(3, chart.containers().size(), "service, its topics init container, retrain");
    for (Container c : chart.containers()) {
      assertTrue(c.getResources().getLimits().containsKey("memory"), c.getName() + " memory limit");
      assertTrue(c.getResources().getRequests().containsKey("cpu"), c.getName() + " cpu request");
      var s = c.getSecurityContext();
      assertTrue(s.getRunAsNonRoot(), c.getName());
      assertTrue(s.getReadOnlyRootFilesystem(), c.getName());
      assertFalse(s.getAllowPrivilegeEscalation(), c.getName());
      assertEquals(List.of("ALL"), s.getCapabilities().getDrop(), c.getName());
    }
  }

  @Test
  void shouldRequestAGpuWithTheCudaImageAndTolerateGpuNodes() throws Exception {
    RenderedChart chart =
        RenderedChart.render(
            "gpu.enabled", true, "gpu.nodeSelector.accelerator", "nvidia-h100", "gpu.count", 2);
    PodSpec pod = chart.one(Deployment.class).getSpec().getTemplate().getSpec();
    Container service = pod.getContainers().get(0);
    assertEquals("actionstream/service:0.1.0-cuda", service.getImage());
    assertEquals(new Quantity("2"), service.getResources().getLimits().get("nvidia.com/gpu"));
    assertEquals("nvidia-h100", pod.getNodeSelector().get("accelerator"));
    assertTrue(pod.getTolerations().stream().anyMatch(t -> "nvidia.com/gpu".equals(t.getKey())));
    Map<String, String> props =
        RenderedChart.properties(chart.named(ConfigMap.class, "as-actionstream"));
    assertEquals("cuda", props.get("predictor.execution.provider"));

    PodSpec cpu = RenderedChart.render().one(Deployment.class).getSpec().getTemplate().getSpec();
    assertFalse(
        cpu.getContainers().get(0).getResources().getLimits().containsKey("nvidia.com/gpu"));
    assertTrue(cpu.getTolerations() == null || cpu.getTolerations().isEmpty());
  }

  @Test
  void shouldReferenceKafkaSecretsNeverInlineThem() throws Exception {
    RenderedChart chart =
        RenderedChart.render(
            "kafka.securityProtocol", "SASL_SSL",
            "kafka.sasl.mechanism", "SCRAM-SHA-512",
            "kafka.sasl.existingSecret", "kafka-user",
            "kafka.tls.existingSecret", "kafka-ca");
    assertFalse(chart.yaml.contains("kind: Secret"), "the chart creates no Secret");
    for (Container c : chart.containers()) {
      Map<String, EnvVar> env = new HashMap<>();
      c.getEnv().forEach(e -> env.put(e.getName(), e));
      EnvVar jaas = env.get("ACTIONSTREAM_SASL_JAAS_CONFIG");
      assertEquals("kafka-user", jaas.getValueFrom().getSecretKeyRef().getName(), c.getName());
      assertEquals(null, jaas.getValue(), c.getName());
      assertEquals(
          "kafka-ca",
          env.get("ACTIONSTREAM_SSL_TRUSTSTORE_PASSWORD")
              .getValueFrom()
              .getSecretKeyRef()
              .getName());
      assertEquals("SASL_SSL", env.get("ACTIONSTREAM_SECURITY_PROTOCOL").getValue());
      assertTrue(
          c.getVolumeMounts().stream()
              .anyMatch(m -> m.getMountPath().equals("/etc/actionstream/tls")),
          c.getName() + " mounts the truststore");
    }
    // the service accepts the settings with the secrets as the environment gives them
    Map<String, String> settings =
        new HashMap<>(RenderedChart.properties(chart.named(ConfigMap.class, "as-actionstream")));
    Container service =
        chart.one(Deployment.class).getSpec().getTemplate().getSpec().getContainers().get(0);
    for (EnvVar e : service.getEnv()) {
      if (e.getName().startsWith("ACTIONSTREAM_")) {
        String key = EnvironmentKeys.keyOf(e.getName());
        settings.put(key, e.getValue() != null ? e.getValue() : "from-secret");
      }
    }
    assertEquals(
        "SCRAM-SHA-512", new ServiceConfig(settings).streamsProperties().get("sasl.mechanism"));
  }

  @Test
  void shouldKeepStateOnVolumesWithPersistenceAndScaleTheRightWorkload() throws Exception {
    RenderedChart chart =
        RenderedChart.render(
            "persistence.enabled",
            true,
            "persistence.size",
            "5Gi",
            "autoscaling.enabled",
            true,
            "autoscaling.maxReplicas",
            20,
            "topics.partitions",
            8);
    StatefulSet s = chart.one(StatefulSet.class);
    assertTrue(chart.all(Deployment.class).isEmpty());
    assertEquals(
        new Quantity("5Gi"),
        s.getSpec()
            .getVolumeClaimTemplates()
            .get(0)
            .getSpec()
            .getResources()
            .getRequests()
            .get("storage"));
    assertEquals(null, s.getSpec().getReplicas(), "the autoscaler owns the replica count");
    HorizontalPodAutoscaler hpa = chart.one(HorizontalPodAutoscaler.class);
    assertEquals("StatefulSet", hpa.getSpec().getScaleTargetRef().getKind());
    assertEquals(8, hpa.getSpec().getMaxReplicas(), "no more replicas than partitions");
  }

  @Test
  void shouldLeaveOutWhatIsSwitchedOffAndServeAFixedPackageOnRequest() throws Exception {
    RenderedChart chart =
        RenderedChart.render(
            "retrain.enabled",
            false,
            "topics.create",
            false,
            "podDisruptionBudget.enabled",
            false,
            "model.source",
            "path",
            "metrics.serviceMonitor.enabled",
            true);
    assertTrue(chart.all(CronJob.class).isEmpty());
    assertTrue(
        chart.one(Deployment.class).getSpec().getTemplate().getSpec().getInitContainers().isEmpty(),
        "no topic setup");
    assertTrue(chart.all(PodDisruptionBudget.class).isEmpty());
    Map<String, String> props = RenderedChart.properties(chart.one(ConfigMap.class));
    assertEquals("/opt/actionstream/model", props.get("model.path"));
    assertFalse(props.containsKey("model.registry.events.topic"));
    assertEquals(1, chart.untyped.size());
    assertEquals("ServiceMonitor", chart.untyped.get(0).get("kind").asText());
    assertEquals(HttpEndpoints.METRICS, chart.untyped.get(0).at("/spec/endpoints/0/path").asText());
  }

  @Test
  void shouldWriteLargeNumbersFromAValuesFileAsIntegers() throws Exception {
    Path values = dir.resolve("values.yaml");
    Files.writeString(
        values, "config:\n  producer.max.request.size: 33554432\n  inference.max.batch.size: 8\n");
    Map<String, String> props =
        RenderedChart.properties(
            RenderedChart.renderWithValues(values).named(ConfigMap.class, "as-actionstream"));
    assertEquals("33554432", props.get("producer.max.request.size"));
    assertEquals("8", props.get("inference.max.batch.size"));
    new ServiceConfig(props); // Kafka's INT check accepts it
  }

  @Test
  void shouldRefuseBadValuesWithTheSchemasMessage() {
    assertRefused("replicaCount", 0, "replicaCount");
    assertRefused("kafka.securityProtocol", "TLS", "securityProtocol");
    assertRefused("kafka.bootstrapServers", "", "bootstrapServers");
    assertRefused(
        "config.bootstrap\\.servers", "elsewhere:9092", "invalid propertyName 'bootstrap.servers'");
    assertRefused("gpu.count", 0, "count");
    assertRefused("podDisruptionBudget.maxUnavailable", 0, "maxUnavailable");
    assertRefused("nonsense", 1, "nonsense");
  }

  private static void assertRefused(String key, Object value, String named) {
    Exception e = assertThrows(Exception.class, () -> RenderedChart.render(key, value));
    assertTrue(
        e.getMessage().contains("values don't meet the specifications of the schema"),
        e.getMessage());
    assertTrue(e.getMessage().contains(named), e.getMessage());
  }

  private static Container retrainContainer(RenderedChart chart) {
    return chart
        .one(CronJob.class)
        .getSpec()
        .getJobTemplate()
        .getSpec()
        .getTemplate()
        .getSpec()
        .getContainers()
        .get(0);
  }
}
