package io.actionstream.core.wire;

import static io.actionstream.core.wire.WireTestSupport.add;
import static io.actionstream.core.wire.WireTestSupport.maxAbsDiff;
import static io.actionstream.core.wire.WireTestSupport.meanAbsDiff;
import static io.actionstream.core.wire.WireTestSupport.noisyRgb;
import static io.actionstream.core.wire.WireTestSupport.replace;
import static io.actionstream.core.wire.WireTestSupport.smoothRgb;
import static io.actionstream.core.wire.WireTestSupport.textHeaders;
import static io.actionstream.core.wire.WireTestSupport.wireError;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import javax.imageio.ImageIO;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FrameCodecTest {
  private final FrameCodec codec = new FrameCodec();

  @Test
  void shouldRoundTripRawFrameExactly() {
    byte[] rgb = noisyRgb(5, 3, 1);
    Frame frame = codec.encode(7, 1234, 5, 3, rgb, FrameEncoding.RAW_RGB8);
    Headers headers = new RecordHeaders();
    codec.writeHeaders(frame.metadata(), headers);

    Frame read = codec.read(headers, frame.data());

    assertEquals(new FrameMetadata(7, 1234, 5, 3, FrameEncoding.RAW_RGB8), read.metadata());
    assertArrayEquals(rgb, codec.decodeRgb(read));
  }

  @Test
  void shouldRoundTripPngFrameExactly() {
    byte[] rgb = noisyRgb(16, 9, 2);
    Frame frame = codec.encode(0, 0, 16, 9, rgb, FrameEncoding.PNG);
    assertEquals((byte) 0x89, frame.data()[0]); // PNG signature
    Headers headers = new RecordHeaders();
    codec.writeHeaders(frame.metadata(), headers);

    assertArrayEquals(rgb, codec.decodeRgb(codec.read(headers, frame.data())));
  }

  @Test
  void shouldRoundTripJpegFrameWithinTolerance() {
    byte[] rgb = smoothRgb(64, 64, 3);
    Frame frame = codec.encode(1, 2, 64, 64, rgb, FrameEncoding.JPEG);
    assertEquals((byte) 0xFF, frame.data()[0]); // JPEG SOI
    assertEquals((byte) 0xD8, frame.data()[1]);
    assertTrue(frame.data().length < rgb.length / 2, "JPEG should compress a smooth image");

    byte[] decoded = codec.decodeRgb(frame);

    assertTrue(meanAbsDiff(rgb, decoded) < 3.0, "mean error " + meanAbsDiff(rgb, decoded));
    assertTrue(maxAbsDiff(rgb, decoded) < 40, "max error " + maxAbsDiff(rgb, decoded));
  }

  @Test
  void shouldWriteHeadersAsDecimalUtf8Text() {
    Headers headers = new RecordHeaders();
    codec.writeHeaders(new FrameMetadata(42, 1700000000123L, 64, 48, FrameEncoding.PNG), headers);

    assertEquals("1", text(headers, "as.v"));
    assertEquals("42", text(headers, "as.frame.index"));
    assertEquals("1700000000123", text(headers, "as.capture.ms"));
    assertEquals("64", text(headers, "as.width"));
    assertEquals("48", text(headers, "as.height"));
    assertEquals("png", text(headers, "as.encoding"));
  }

  @Test
  void shouldReplaceExistingFrameHeadersWhenWriting() {
    Headers headers = textHeaders(9, 9, "raw");
    codec.writeHeaders(new FrameMetadata(1, 2, 3, 4, FrameEncoding.JPEG), headers);

    assertEquals(1, count(headers, "as.width"));
    assertEquals("3", text(headers, "as.width"));
  }

  @Test
  void shouldReadHeadersWrittenByKcat() {
    FrameMetadata m = codec.readHeaders(textHeaders(64, 48, "jpeg"));

    assertEquals(new FrameMetadata(42, 1700000000123L, 64, 48, FrameEncoding.JPEG), m);
  }

  /** Issue 18: with several faults, the first check of wire-format.md's order gives the code. */
  @Test
  void shouldReportTheFirstFailedCheckInTheDocumentedOrder() {
    FrameCodec small = new FrameCodec(WireLimits.DEFAULT.withMaxRecordBytes(64), 0.9f);
    Headers noVersion = textHeaders(99999, 0, "gif");
    noVersion.remove("as.v");
    assertEquals(
        WireError.OVERSIZE, wireError(() -> small.read(noVersion, new byte[65])).error(), "size");
    assertEquals(
        WireError.MISSING_HEADER,
        wireError(() -> codec.read(noVersion, new byte[1])).error(),
        "as.v before the other headers");
    Headers badIndex = textHeaders(99999, 0, "gif");
    replace(badIndex, "as.frame.index", "-1");
    replace(badIndex, "as.v", "2");
    assertEquals(
        WireError.UNSUPPORTED_VERSION, wireError(() -> codec.readHeaders(badIndex)).error());
    replace(badIndex, "as.v", "1");
    assertEquals(WireError.MALFORMED_HEADER, wireError(() -> codec.readHeaders(badIndex)).error());
    Headers badEncoding = textHeaders(99999, 0, "gif");
    assertEquals(
        WireError.UNSUPPORTED_ENCODING,
        wireError(() -> codec.readHeaders(badEncoding)).error(),
        "encoding before the size limits");
    replace(badEncoding, "as.encoding", "raw");
    assertEquals(
        WireError.BAD_DIMENSIONS,
        wireError(() -> codec.readHeaders(badEncoding)).error(),
        "below 1 before over the limit");
    replace(badEncoding, "as.height", "4");
    assertEquals(WireError.OVERSIZE, wireError(() -> codec.readHeaders(badEncoding)).error());
    Headers raw = textHeaders(4, 4, "raw");
    assertEquals(
        WireError.SIZE_MISMATCH, wireError(() -> codec.read(raw, new byte[7])).error(), "bytes");
  }

  /** Issue 18: a four-component (CMYK/YCCK) JPEG is refused, as documented. */
  @Test
  void shouldRefuseAFourComponentJpeg() throws IOException {
    java.awt.image.WritableRaster raster =
        java.awt.image.Raster.createInterleavedRaster(
            java.awt.image.DataBuffer.TYPE_BYTE, 4, 4, 4, null);
    for (int y = 0; y < 4; y++) {
      for (int x = 0; x < 4; x++) {
        raster.setPixel(x, y, new int[] {10, 200, 30, 0});
      }
    }
    javax.imageio.ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (javax.imageio.stream.ImageOutputStream ios = ImageIO.createImageOutputStream(out)) {
      writer.setOutput(ios);
      writer.write(null, new javax.imageio.IIOImage(raster, null, null), null);
    } finally {
      writer.dispose();
    }
    WireFormatException e =
        wireError(() -> codec.decodeRgb(codec.read(textHeaders(4, 4, "jpeg"), out.toByteArray())));
    assertEquals(WireError.IMAGE_DECODE_FAILED, e.error());
    assertTrue(e.getMessage().contains("4 colour components (CMYK is refused)"), e.getMessage());
  }

  @Test
  void shouldRejectRawFrameWithWrongByteCount() {
    WireFormatException e =
        wireError(() -> codec.read(textHeaders(4, 4, "raw"), new byte[4 * 4 * 3 - 1]));

    assertEquals(WireError.SIZE_MISMATCH, e.error());
    assertTrue(e.getMessage().contains("expected 48 bytes"), e.getMessage());
    assertTrue(e.getMessage().contains("got 47"), e.getMessage());
  }

  @Test
  void shouldRejectEncodingRgbOfWrongLength() {
    assertEquals(
        WireError.SIZE_MISMATCH,
        wireError(() -> codec.encode(0, 0, 4, 4, new byte[10], FrameEncoding.PNG)).error());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"as.v", "as.frame.index", "as.capture.ms", "as.width", "as.height", "as.encoding"})
  void shouldRejectFrameWithMissingHeader(String name) {
    Headers headers = textHeaders(2, 2, "raw");
    headers.remove(name);

    WireFormatException e = wireError(() -> codec.read(headers, new byte[12]));

    assertEquals(WireError.MISSING_HEADER, e.error());
    assertTrue(e.getMessage().contains(name), e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "6x", " 2", "+2", "2.0", "0x10", "99999999999999999999"})
  void shouldRejectGarbledNumericHeader(String value) {
    Headers headers = textHeaders(2, 2, "raw");
    replace(headers, "as.width", value);

    assertEquals(
        WireError.MALFORMED_HEADER, wireError(() -> codec.read(headers, new byte[12])).error());
  }

  /** Issue 18: the reason for a non-numeric size names the size range, not the long range. */
  @Test
  void shouldNameTheSizeRangeForANonNumericSize() {
    Headers headers = textHeaders(2, 2, "raw");
    replace(headers, "as.height", "tall");
    WireFormatException e = wireError(() -> codec.read(headers, new byte[12]));
    assertEquals(WireError.MALFORMED_HEADER, e.error());
    assertTrue(
        e.getMessage().contains("as.height: expected a decimal integer 1..4096"), e.getMessage());
    assertFalse(e.getMessage().contains("9223372036854775807"), e.getMessage());
  }

  /** Leading zeros in numeric headers are accepted (docs/wire-format.md). */
  @Test
  void shouldAcceptLeadingZeros() {
    Headers headers = textHeaders(2, 2, "raw");
    replace(headers, "as.width", "002");
    replace(headers, "as.frame.index", "0042");
    FrameMetadata m = codec.read(headers, new byte[12]).metadata();
    assertEquals(2, m.width());
    assertEquals(42, m.frameIndex());
  }

  @Test
  void shouldRejectHeaderThatIsNotUtf8() {
    Headers headers = textHeaders(2, 2, "raw");
    headers.remove("as.height");
    headers.add("as.height", new byte[] {(byte) 0xC3, (byte) 0x28});

    assertEquals(
        WireError.MALFORMED_HEADER, wireError(() -> codec.read(headers, new byte[12])).error());
  }

  @Test
  void shouldRejectNegativeFrameIndex() {
    Headers headers = textHeaders(2, 2, "raw");
    replace(headers, "as.frame.index", "-1");

    assertEquals(
        WireError.MALFORMED_HEADER, wireError(() -> codec.read(headers, new byte[12])).error());
  }

  @Test
  void shouldUseLastOccurrenceOfRepeatedHeader() {
    Headers headers = textHeaders(2, 2, "raw");
    add(headers, "as.frame.index", "43");

    assertEquals(43, codec.read(headers, new byte[12]).metadata().frameIndex());
  }

  @Test
  void shouldRejectUnknownVersion() {
    Headers headers = textHeaders(2, 2, "raw");
    replace(headers, "as.v", "2");

    assertEquals(
        WireError.UNSUPPORTED_VERSION, wireError(() -> codec.read(headers, new byte[12])).error());
  }

  @ParameterizedTest
  @ValueSource(strings = {"gif", "PNG", "", "rgb"})
  void shouldRejectUnknownEncoding(String encoding) {
    assertEquals(
        WireError.UNSUPPORTED_ENCODING,
        wireError(() -> codec.read(textHeaders(2, 2, encoding), new byte[12])).error());
  }

  @Test
  void shouldRejectZeroWidth() {
    assertEquals(
        WireError.BAD_DIMENSIONS,
        wireError(() -> codec.read(textHeaders(0, 2, "raw"), new byte[0])).error());
  }

  @Test
  void shouldRejectWidthOverLimit() {
    assertEquals(
        WireError.OVERSIZE,
        wireError(() -> codec.read(textHeaders(4097, 1, "raw"), new byte[4097 * 3])).error());
  }

  @Test
  void shouldRejectRecordOverByteLimit() {
    FrameCodec small = new FrameCodec(WireLimits.DEFAULT.withMaxRecordBytes(100), 0.9f);

    WireFormatException e = wireError(() -> small.read(textHeaders(10, 10, "raw"), new byte[300]));

    assertEquals(WireError.OVERSIZE, e.error());
    assertTrue(e.getMessage().contains("at most 100"), e.getMessage());
  }

  @Test
  void shouldRejectPngWhoseSizeDiffersFromHeaders() {
    Frame png = codec.encode(0, 0, 8, 6, noisyRgb(8, 6, 4), FrameEncoding.PNG);
    Frame lying = new Frame(new FrameMetadata(0, 0, 6, 8, FrameEncoding.PNG), png.data());

    WireFormatException e = wireError(() -> codec.decodeRgb(lying));

    assertEquals(WireError.BAD_DIMENSIONS, e.error());
    assertTrue(e.getMessage().contains("expected 6x8"), e.getMessage());
    assertTrue(e.getMessage().contains("got 8x6"), e.getMessage());
  }

  @Test
  void shouldRejectCorruptPng() {
    Frame png = codec.encode(0, 0, 8, 8, noisyRgb(8, 8, 5), FrameEncoding.PNG);
    byte[] cut = java.util.Arrays.copyOf(png.data(), png.data().length / 2);

    assertEquals(
        WireError.IMAGE_DECODE_FAILED,
        wireError(() -> codec.decodeRgb(new Frame(png.metadata(), cut))).error());
    assertEquals(
        WireError.IMAGE_DECODE_FAILED,
        wireError(
                () ->
                    codec.decodeRgb(
                        new Frame(png.metadata(), "not an image".getBytes(StandardCharsets.UTF_8))))
            .error());
  }

  @Test
  void shouldRejectJpegBytesDeclaredAsPng() {
    Frame jpeg = codec.encode(0, 0, 8, 8, smoothRgb(8, 8, 1), FrameEncoding.JPEG);
    Frame mislabelled = new Frame(new FrameMetadata(0, 0, 8, 8, FrameEncoding.PNG), jpeg.data());

    assertEquals(
        WireError.IMAGE_DECODE_FAILED, wireError(() -> codec.decodeRgb(mislabelled)).error());
  }

  @Test
  void shouldReadGreyPngAsRgbWithoutGammaShift() throws IOException {
    BufferedImage grey = new BufferedImage(3, 2, BufferedImage.TYPE_BYTE_GRAY);
    grey.getRaster().setSample(0, 0, 0, 128);
    grey.getRaster().setSample(2, 1, 0, 17);
    Frame frame = new Frame(new FrameMetadata(0, 0, 3, 2, FrameEncoding.PNG), png(grey));

    byte[] rgb = codec.decodeRgb(frame);

    assertEquals(18, rgb.length);
    assertArrayEquals(new byte[] {(byte) 128, (byte) 128, (byte) 128}, slice(rgb, 0));
    assertArrayEquals(new byte[] {17, 17, 17}, slice(rgb, 5 * 3));
    assertArrayEquals(new byte[] {0, 0, 0}, slice(rgb, 3));
  }

  @Test
  void shouldReadGreyJpegAsRgb() throws IOException {
    BufferedImage grey = new BufferedImage(8, 8, BufferedImage.TYPE_BYTE_GRAY);
    for (int y = 0; y < 8; y++) {
      for (int x = 0; x < 8; x++) {
        grey.getRaster().setSample(x, y, 0, 100);
      }
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    assertTrue(ImageIO.write(grey, "jpeg", out));
    Frame frame = new Frame(new FrameMetadata(0, 0, 8, 8, FrameEncoding.JPEG), out.toByteArray());

    byte[] rgb = codec.decodeRgb(frame);

    assertEquals(8 * 8 * 3, rgb.length);
    for (byte b : rgb) {
      assertTrue(Math.abs((b & 0xFF) - 100) <= 2, "grey value " + (b & 0xFF));
    }
  }

  @Test
  void shouldMapEncodingWireNamesAndCodes() {
    assertEquals(FrameEncoding.RAW_RGB8, FrameEncoding.fromWireName("raw"));
    assertEquals(FrameEncoding.PNG, FrameEncoding.fromCode(1));
    assertEquals("jpeg", FrameEncoding.fromCode(2).wireName());
    assertEquals(
        WireError.UNSUPPORTED_ENCODING, wireError(() -> FrameEncoding.fromCode(3)).error());
  }

  @Test
  void shouldDropAlphaOfRgbaPng() throws IOException {
    BufferedImage argb = new BufferedImage(2, 1, BufferedImage.TYPE_INT_ARGB);
    argb.setRGB(0, 0, 0x80102030);
    argb.setRGB(1, 0, 0xFFC0B0A0);
    Frame frame = new Frame(new FrameMetadata(0, 0, 2, 1, FrameEncoding.PNG), png(argb));

    byte[] rgb = codec.decodeRgb(frame);

    assertArrayEquals(new byte[] {0x10, 0x20, 0x30, (byte) 0xC0, (byte) 0xB0, (byte) 0xA0}, rgb);
  }

  @Test
  void shouldCarryFrameThroughSerdeHeadersAndValue() {
    FrameSerde serde = new FrameSerde();
    Frame frame = codec.encode(9, 99, 4, 2, noisyRgb(4, 2, 6), FrameEncoding.RAW_RGB8);
    Headers headers = new RecordHeaders();

    byte[] value = serde.serializer().serialize("frames", headers, frame);
    Frame read = serde.deserializer().deserialize("frames", headers, value);

    assertEquals("4", text(headers, "as.width"));
    assertEquals(frame, read);
  }

  @Test
  void shouldMapNullFrameToNullAndRefuseHeaderlessCalls() {
    FrameSerde serde = new FrameSerde();

    assertNull(serde.serializer().serialize("frames", new RecordHeaders(), null));
    assertNull(serde.deserializer().deserialize("frames", new RecordHeaders(), (byte[]) null));
    assertEquals(
        WireError.MISSING_HEADER,
        wireError(() -> serde.deserializer().deserialize("frames", new byte[3])).error());
  }

  private static byte[] png(BufferedImage image) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    assertTrue(ImageIO.write(image, "png", out));
    return out.toByteArray();
  }

  private static byte[] slice(byte[] rgb, int offset) {
    return java.util.Arrays.copyOfRange(rgb, offset, offset + 3);
  }

  private static String text(Headers headers, String name) {
    return new String(headers.lastHeader(name).value(), StandardCharsets.UTF_8);
  }

  private static int count(Headers headers, String name) {
    int n = 0;
    for (var h : headers.headers(name)) {
      n++;
    }
    return n;
  }

  @Test
  void shouldRejectAHugeDeclaredFrameAsOversizeUnderWideLimits() {
    WireLimits wide = new WireLimits(65535, 65535, 256, 16 * 1024 * 1024, 256 * 1024 * 1024);
    FrameCodec codec = new FrameCodec(wide, 0.9f);
    // 60000x60000x3 = 10.8e9 bytes: overflows an int; must be refused before allocating.
    Frame frame = codec.read(textHeaders(60000, 60000, "png"), new byte[] {1, 2, 3});

    WireFormatException e = wireError(() -> codec.decodeRgb(frame));

    assertEquals(WireError.OVERSIZE, e.error());
    assertTrue(e.getMessage().endsWith("got 10800000000"), e.getMessage());
    assertEquals(
        WireError.OVERSIZE, wireError(() -> codec.decodeRgb(frame, new byte[3], 0)).error());
  }
}
