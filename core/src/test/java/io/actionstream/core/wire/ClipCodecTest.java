package io.actionstream.core.wire;

import static io.actionstream.core.wire.WireTestSupport.maxAbsDiff;
import static io.actionstream.core.wire.WireTestSupport.meanAbsDiff;
import static io.actionstream.core.wire.WireTestSupport.noisyClip;
import static io.actionstream.core.wire.WireTestSupport.smoothClip;
import static io.actionstream.core.wire.WireTestSupport.wireError;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.actionstream.core.clip.Clip;
import io.actionstream.core.image.ImageDecodeException;
import io.actionstream.core.image.JpegDecoder;
import io.actionstream.core.image.JpegDecoders;
import io.actionstream.core.image.RgbImage;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ClipCodecTest {
  private final ClipCodec raw = new ClipCodec();

  @Test
  void shouldRoundTripRawClipExactly() {
    Clip clip = noisyClip(3, 4, 5);

    Clip read = raw.decode(raw.encode(clip));

    assertEquals(clip, read);
    assertArrayEquals(clip.captureTimesMs(), read.captureTimesMs());
    assertEquals(5, read.firstFrameIndex());
  }

  @Test
  void shouldRoundTripPngClipExactly() {
    Clip clip = noisyClip(4, 6, 7);
    ClipCodec png = new ClipCodec(FrameEncoding.PNG, WireLimits.DEFAULT);

    byte[] bytes = png.encode(clip);

    assertEquals(1, bytes[5]);
    assertEquals(clip, png.decode(bytes));
    assertEquals(clip, raw.decode(bytes)); // any codec reads every encoding
  }

  @Test
  void shouldRoundTripJpegClipWithinTolerance() {
    Clip clip = smoothClip(4, 64, 64);
    ClipCodec jpeg = new ClipCodec(FrameEncoding.JPEG, WireLimits.DEFAULT);

    byte[] bytes = jpeg.encode(clip);
    Clip read = jpeg.decode(bytes);

    assertEquals(2, bytes[5]);
    assertTrue(bytes.length < clip.pixels().length / 2, "JPEG clip of " + bytes.length + " B");
    assertEquals(clip.firstFrameIndex(), read.firstFrameIndex());
    assertArrayEquals(clip.captureTimesMs(), read.captureTimesMs());
    assertTrue(meanAbsDiff(clip.pixels(), read.pixels()) < 3.0);
    assertTrue(maxAbsDiff(clip.pixels(), read.pixels()) < 40);
  }

  @Test
  void shouldDecodeJpegFramesWithTheGivenDecoder() {
    Clip clip = smoothClip(3, 16, 16);
    byte[] bytes = new ClipCodec(FrameEncoding.JPEG, WireLimits.DEFAULT).encode(clip);
    JpegDecoder imageio = JpegDecoders.named("imageio");
    AtomicInteger calls = new AtomicInteger();
    JpegDecoder counting =
        new JpegDecoder() {
          @Override
          public String name() {
            return "counting";
          }

          @Override
          public RgbImage decode(byte[] jpeg, Size declared, UnaryOperator<Size> minimum)
              throws ImageDecodeException {
            calls.incrementAndGet();
            return imageio.decode(jpeg, declared, minimum);
          }
        };
    Clip read =
        new ClipCodec(
                FrameEncoding.RAW_RGB8,
                WireLimits.DEFAULT,
                FrameCodec.DEFAULT_JPEG_QUALITY,
                counting)
            .decode(bytes);
    assertEquals(3, calls.get(), "one decode per frame, by the codec's decoder");
    assertTrue(meanAbsDiff(clip.pixels(), read.pixels()) < 3.0);
  }

  @Test
  void shouldWriteDocumentedBigEndianLayout() {
    Clip clip = new Clip(2, 1, 2, new byte[12], 0x0102030405060708L, new long[] {258, 259});

    byte[] b = raw.encode(clip);

    assertEquals(20 + 2 * (12 + 6), b.length);
    assertArrayEquals(new byte[] {'A', 'S', 'C', 'L', 1, 0, 0, 2, 0, 1, 0, 2}, prefix(b, 12));
    assertArrayEquals(new byte[] {1, 2, 3, 4, 5, 6, 7, 8}, Arrays.copyOfRange(b, 12, 20));
    ByteBuffer frame0 = ByteBuffer.wrap(b, 20, 12);
    assertEquals(258, frame0.getLong());
    assertEquals(6, frame0.getInt());
    assertEquals(259, ByteBuffer.wrap(b, 38, 8).getLong());
  }

  @Test
  void shouldHaveQuarterOfFloatSizeForRawModelClip() {
    Clip clip = new Clip(16, 64, 64, new byte[16 * 64 * 64 * 3], 0, new long[16]);

    int bytes = raw.encode(clip).length;

    assertEquals(196_608 + 20 + 16 * 12, bytes);
    assertEquals(786_432, 16 * 3 * 64 * 64 * Float.BYTES);
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 3, 4, 10, 19, 20, 25, 31, 32, 40})
  void shouldRejectTruncatedClip(int length) {
    byte[] full = raw.encode(noisyClip(2, 2, 2)); // 20 + 2 * (12 + 12) = 68 bytes

    WireFormatException e = wireError(() -> raw.decode(Arrays.copyOf(full, length)));

    assertEquals(WireError.TRUNCATED, e.error());
  }

  @Test
  void shouldRejectBadMagic() {
    byte[] b = raw.encode(noisyClip(1, 2, 2));
    b[3] = 'X';

    WireFormatException e = wireError(() -> raw.decode(b));

    assertEquals(WireError.BAD_MAGIC, e.error());
    assertTrue(e.getMessage().contains("got 41 53 43 58"), e.getMessage());
  }

  @Test
  void shouldRejectUnknownVersion() {
    byte[] b = raw.encode(noisyClip(1, 2, 2));
    b[4] = 2;

    assertEquals(WireError.UNSUPPORTED_VERSION, wireError(() -> raw.decode(b)).error());
  }

  @Test
  void shouldRejectUnknownEncodingCode() {
    byte[] b = raw.encode(noisyClip(1, 2, 2));
    b[5] = 7;

    assertEquals(WireError.UNSUPPORTED_ENCODING, wireError(() -> raw.decode(b)).error());
  }

  @Test
  void shouldRejectZeroFrames() {
    byte[] b = raw.encode(noisyClip(1, 2, 2));
    b[6] = 0;
    b[7] = 0;

    assertEquals(WireError.FRAME_COUNT, wireError(() -> raw.decode(b)).error());
  }

  @Test
  void shouldRejectZeroHeight() {
    byte[] b = raw.encode(noisyClip(1, 2, 2));
    b[8] = 0;
    b[9] = 0;

    assertEquals(WireError.BAD_DIMENSIONS, wireError(() -> raw.decode(b)).error());
  }

  @Test
  void shouldRejectWrongDimensionsForRawFrameBytes() {
    byte[] b = raw.encode(noisyClip(1, 2, 2));
    b[11] = 3; // W = 3: frames would need 18 bytes, have 12

    WireFormatException e = wireError(() -> raw.decode(b));

    assertEquals(WireError.SIZE_MISMATCH, e.error());
    assertTrue(e.getMessage().contains("expected 18 bytes"), e.getMessage());
  }

  @Test
  void shouldRejectPngFrameOfOtherSizeThanDeclared() {
    ClipCodec png = new ClipCodec(FrameEncoding.PNG, WireLimits.DEFAULT);
    byte[] b = png.encode(noisyClip(1, 4, 4));
    b[11] = 5; // W = 5, image is 4 wide

    assertEquals(WireError.BAD_DIMENSIONS, wireError(() -> png.decode(b)).error());
  }

  @Test
  void shouldRejectTrailingBytes() {
    byte[] full = raw.encode(noisyClip(2, 2, 2));

    WireFormatException e = wireError(() -> raw.decode(Arrays.copyOf(full, full.length + 1)));

    assertEquals(WireError.TRAILING_BYTES, e.error());
    assertTrue(e.getMessage().contains("1 trailing"), e.getMessage());
  }

  @Test
  void shouldRejectRecordOverByteLimit() {
    ClipCodec small =
        new ClipCodec(FrameEncoding.RAW_RGB8, WireLimits.DEFAULT.withMaxRecordBytes(50));
    byte[] b = raw.encode(noisyClip(2, 2, 2));

    assertEquals(WireError.OVERSIZE, wireError(() -> small.decode(b)).error());
    assertEquals(WireError.OVERSIZE, wireError(() -> small.encode(noisyClip(2, 2, 2))).error());
  }

  @Test
  void shouldRejectMoreFramesThanLimit() {
    ClipCodec fourFrames =
        new ClipCodec(FrameEncoding.RAW_RGB8, WireLimits.DEFAULT.withMaxFrames(4));
    byte[] b = raw.encode(noisyClip(5, 1, 1));

    assertEquals(WireError.OVERSIZE, wireError(() -> fourFrames.decode(b)).error());
  }

  @Test
  void shouldRejectDeclaredSizeOverDecodedLimitBeforeAllocating() {
    byte[] header = Arrays.copyOf(raw.encode(noisyClip(1, 1, 1)), 20);
    ByteBuffer.wrap(header)
        .putShort(6, (short) 256)
        .putShort(8, (short) 4096)
        .putShort(10, (short) 4096);

    WireFormatException e = wireError(() -> raw.decode(header));

    assertEquals(WireError.OVERSIZE, e.error());
    assertTrue(e.getMessage().contains("decoded bytes"), e.getMessage());
  }

  @Test
  void shouldRejectClipWithUnexpectedFrameCount() {
    Clip clip = noisyClip(3, 2, 2);

    WireFormatException e = wireError(() -> ClipCodec.checkFrameCount(clip, 16));

    assertEquals(WireError.FRAME_COUNT, e.error());
    assertTrue(e.getMessage().contains("expected T=16"), e.getMessage());
    assertTrue(e.getMessage().contains("got 3"), e.getMessage());
    ClipCodec.checkFrameCount(clip, 3); // the matching count passes
  }

  @Test
  void shouldRoundTripThroughSerdeAndMapNullToNull() {
    ClipSerde serde = new ClipSerde(new ClipCodec(FrameEncoding.PNG, WireLimits.DEFAULT));
    Clip clip = noisyClip(2, 3, 3);

    assertEquals(
        clip,
        serde.deserializer().deserialize("clips", serde.serializer().serialize("clips", clip)));
    assertNull(serde.serializer().serialize("clips", null));
    assertNull(serde.deserializer().deserialize("clips", null));
  }

  private static byte[] prefix(byte[] b, int n) {
    return Arrays.copyOf(b, n);
  }

  @Test
  void shouldRejectAHugeDeclaredClipAsOversizeUnderWideLimits() {
    WireLimits wide = new WireLimits(65535, 65535, 256, 16 * 1024 * 1024, 256 * 1024 * 1024);
    ClipCodec codec = new ClipCodec(FrameEncoding.RAW_RGB8, wide);
    ByteBuffer header = ByteBuffer.allocate(ClipCodec.HEADER_BYTES + 12);
    header.put(ClipCodec.MAGIC).put((byte) 1).put((byte) 0);
    header.putShort((short) 1).putShort((short) 60000).putShort((short) 60000).putLong(0);
    header.putLong(0).putInt(0);

    WireFormatException e = wireError(() -> codec.decode(header.array()));

    assertEquals(WireError.OVERSIZE, e.error());
    assertTrue(e.getMessage().endsWith("got 10800000000"), e.getMessage());
  }
}
