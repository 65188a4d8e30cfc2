/**
 * Answering questions about images with the backbone, batch-first, in the four ways the
 * evaluation compares (METHOD.md section 3 and the baselines): {@link
 * io.roistream.model.answer.PlainAnswerer} (no RoI), {@link
 * io.roistream.model.answer.RpnRoiAnswerer} (SD-RPN: one partial pass, the RPN's map, a crop of
 * the original image, the global prefix's cache reused with and without a RoI), {@link
 * io.roistream.model.answer.AttentionCropAnswerer} (training-free, ViCrop-style: answer, crop
 * where that answer attended, answer again) and {@link
 * io.roistream.model.answer.OracleCropAnswerer} (the ground-truth box; an upper bound for
 * evaluation only). Nothing here knows Kafka.
 */
package io.roistream.model.answer;
