/**
 * What {@code actionstream produce} (and the demo) sends: frame sources (image folders, MP4 files,
 * synthetic camera streams) and {@link io.actionstream.cli.produce.FramePublisher}, which paces
 * them and writes frame or clip records in the wire format.
 */
package io.actionstream.cli.produce;
