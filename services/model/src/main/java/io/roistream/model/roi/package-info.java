/**
 * SD-RPN inference with the RoI (METHOD.md section 3, steps 2-4): from the RPN's logit map on the
 * global view's token grid to a decision ({@link io.roistream.model.roi.RoiSelector}: none, one
 * box, or a mask of several regions), then to a crop of the source image and the crop tokens to
 * keep ({@link io.roistream.model.roi.CropPlanner}, {@link io.roistream.model.roi.GridGeometry}).
 * Pure Java on float arrays; every grid size is a parameter.
 */
package io.roistream.model.roi;
