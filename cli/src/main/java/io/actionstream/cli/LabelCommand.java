package io.actionstream.cli;

import io.actionstream.cli.kafka.KafkaClients;
import io.actionstream.core.clip.LabelledClip;
import io.actionstream.core.dataset.ClipSource;
import io.actionstream.core.dataset.DatasetReader;
import io.actionstream.core.dataset.GeneratedClipSource;
import io.actionstream.core.dataset.Partition;
import io.actionstream.core.dataset.Splits;
import io.actionstream.core.schema.PropertySchema;
import io.actionstream.core.synth.GeneratorConfig;
import io.actionstream.core.wire.ClipCodec;
import io.actionstream.core.wire.LabelCodec;
import io.actionstream.core.wire.LabelReference;
import io.actionstream.core.wire.StreamIds;
import io.actionstream.core.wire.WireSerdes;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code actionstream label}: sends labelled clips (clip + sentence, docs/wire-format.md "Label
 * records") to the labels topic for the retraining job, from a dataset on disk or generated, or
 * label references from a corrections file ({@link Corrections}) for the service to resolve.
 */
@Command(
    name = "label",
    mixinStandardHelpOptions = true,
    description =
        "Send labelled clips (clip + sentence) to the labels topic, from a dataset or generated,"
            + " or label references from a corrections file; the retraining job learns from them"
            + " (docs/continual-training.md).")
final class LabelCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin KafkaOptions kafka = new KafkaOptions();

  /** Exactly one source. */
  static final class Source {
    @Option(
        names = "--dataset",
        paramLabel = "DIR",
        description = "A dataset written by actionstream-data generate.")
    Path dataset;

    @Option(
        names = "--synthetic",
        paramLabel = "N",
        description = "Generate clips: N of the split's partition (see --split, --partition).")
    Integer synthetic;

    @Option(
        names = "--corrections",
        paramLabel = "CSV",
        description =
            "Send label references instead, one per row of a CSV file with the header"
                + " streamId,firstFrame,lastFrame,sentence[,labelId]: the service resolves each"
                + " from the frames it holds (docs/continual-training.md).")
    Path corrections;
  }

  @ArgGroup(exclusive = true, multiplicity = "1")
  Source source;

  @Option(
      names = "--split",
      defaultValue = "iid",
      description =
          "Split whose partition to send, e.g. comp-colour-shape-easy (default ${DEFAULT-VALUE}).")
  String split;

  @Option(
      names = "--partition",
      defaultValue = "train",
      description =
          "train, val, test or test_comp: test_comp of a compositional split holds the"
              + " combinations its train partition never shows (default ${DEFAULT-VALUE}).")
  String partition;

  @Option(
      names = "--limit",
      defaultValue = "1000",
      description = "--dataset: send at most this many labels (default ${DEFAULT-VALUE}).")
  long limit;

  @Option(
      names = "--frames",
      defaultValue = "8",
      description = "--synthetic: frames per clip, the model's T (default ${DEFAULT-VALUE}).")
  int frames;

  @Option(
      names = "--size",
      defaultValue = "32",
      description = "--synthetic: frame height and width (default ${DEFAULT-VALUE}).")
  int size;

  @Option(
      names = "--seed",
      defaultValue = "1",
      description = "--synthetic: generator seed (default ${DEFAULT-VALUE}).")
  long seed;

  @Option(
      names = "--split-seed",
      defaultValue = "42",
      description =
          "--synthetic: seed of the split's held-out combinations; the trainer's"
              + " data.synthetic.seed of the model to teach (default ${DEFAULT-VALUE}).")
  long splitSeed;

  @Option(
      names = "--topic",
      defaultValue = "labels",
      description = "Topic to write (default ${DEFAULT-VALUE}).")
  String topic;

  @Option(
      names = "--stream-id",
      defaultValue = "labels",
      description = "Record key (default ${DEFAULT-VALUE}).")
  String streamId;

  @Override
  public Integer call() {
    if (source.corrections != null) {
      return sendCorrections();
    }
    StreamIds.requireValid(streamId);
    Partition part = Partition.parse(partition);
    LabelCodec codec = new LabelCodec(new ClipCodec());
    long sent = 0;
    try (ClipSource clips = open();
        Stream<LabelledClip> labels =
            clips.stream(part).limit(source.synthetic != null ? source.synthetic : limit);
        KafkaProducer<byte[], byte[]> producer = KafkaClients.producer(kafka.bootstrapServers)) {
      for (LabelledClip label : (Iterable<LabelledClip>) labels::iterator) {
        RecordHeaders headers = new RecordHeaders();
        codec.writeHeaders(label, headers);
        producer.send(
            new ProducerRecord<>(
                topic, null, StreamIds.encode(streamId), codec.encodeValue(label), headers));
        sent++;
      }
      producer.flush();
    }
    spec.commandLine()
        .getOut()
        .printf(Locale.ROOT, "sent %d labels (%s %s) to %s%n", sent, split, part.csvName(), topic);
    return ActionStreamCli.EXIT_OK;
  }

  private int sendCorrections() {
    List<LabelReference> refs;
    try {
      refs = Corrections.read(source.corrections, System.currentTimeMillis());
    } catch (IllegalArgumentException e) {
      throw Usage.invalid(spec, "--corrections", e.getMessage());
    }
    try (KafkaProducer<byte[], byte[]> producer = KafkaClients.producer(kafka.bootstrapServers)) {
      for (LabelReference ref : refs) {
        producer.send(
            new ProducerRecord<>(
                topic, StreamIds.encode(ref.streamId()), WireSerdes.labelReference().write(ref)));
      }
      producer.flush();
    }
    spec.commandLine()
        .getOut()
        .printf(
            Locale.ROOT,
            "sent %d label references (%s) to %s%n",
            refs.size(),
            source.corrections.getFileName(),
            topic);
    return ActionStreamCli.EXIT_OK;
  }

  private ClipSource open() {
    if (source.dataset != null) {
      return DatasetReader.open(source.dataset).split(split);
    }
    PropertySchema schema = PropertySchema.defaultSchema();
    GeneratorConfig generator =
        GeneratorConfig.builder().frames(frames).size(size, size).seed(seed).build();
    // enough generated clips that the partition holds --synthetic of them
    return new GeneratedClipSource(
        generator, Splits.find(Splits.standard(schema, splitSeed), split), 20L * source.synthetic);
  }
}
