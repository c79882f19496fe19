package io.actionstream.streams.topology;

import static io.actionstream.streams.topology.RecordingListener.count;
import static io.actionstream.streams.topology.TopologyFixture.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

class TopologyListenerTest {
  @Test
  void shouldCountRecordsPerTopicAndDeadLettersByCode() {
    try (TopologyFixture f = TopologyFixture.clipsOnTopic()) {
      for (int i = 0; i < 6; i++) {
        f.frame("cam-1", i); // T=4, S=2: clips at 0 and 2
      }
      f.pipe(f.frames, "cam-1", utf8("no headers"), new RecordHeaders());
      f.query("cam-1", "q1", List.of("colour"));
      f.query("cam-1", utf8("{not json"));

      RecordingListener l = f.listener;
      String frames = f.topics.frames().name();
      String clips = f.topics.clips().name();
      String queries = f.topics.queries().name();
      String dlq = f.topics.deadLetters().name();
      assertEquals(7, count(l.in, frames));
      assertEquals(2, count(l.out, clips));
      assertEquals(2, count(l.in, clips)); // the assembler's clips come back through the topic
      assertEquals(2, count(l.out, f.topics.predictions().name()));
      assertEquals(2, count(l.in, queries));
      assertEquals(1, count(l.out, f.topics.answers().name()));
      assertEquals(2, count(l.out, dlq));
      assertEquals(1, count(l.deadLetters, queries + "/INVALID_JSON"));
      assertEquals(1, count(l.deadLetters, frames + "/MISSING_HEADER"));
      assertEquals(2, f.predictions.readValuesToList().size());
      assertEquals(2, f.dlq.readRecordsToList().size());
    }
  }
}
