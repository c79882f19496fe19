/** Small utilities shared by the modules: tree deletion, progress, configuration key tables. */
package io.actionstream.core.util;
