/** The deployable inference service: model runtime, wiring and operations. */
package io.actionstream.service;
