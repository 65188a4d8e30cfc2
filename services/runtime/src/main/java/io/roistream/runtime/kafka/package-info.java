/** The exactly-once consume-process-produce loop with dead-lettering, shared by every worker. */
package io.roistream.runtime.kafka;
