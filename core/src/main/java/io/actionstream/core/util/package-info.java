/** Small utilities shared by the command-line tools. */
package io.actionstream.core.util;
