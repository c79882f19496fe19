package io.actionstream.core.dataset;

/**
 * A dataset that cannot be written or read as asked: missing or malformed manifest, unsupported
 * format version, checksum mismatch, truncated shard, bad annotation row. The message names the
 * file (and the line or byte offset where one applies).
 */
public class DatasetException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public DatasetException(String message) {
    super(message);
  }

  public DatasetException(String message, Throwable cause) {
    super(message, cause);
  }
}
