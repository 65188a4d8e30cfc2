/** Prometheus metrics and the health endpoint of a worker. */
package io.roistream.runtime.metrics;
