package io.roistream.model.roi;

/** What the inference worker does with the RoI (METHOD.md section 3, step 4). */
public enum RoiMode {
    /** No region: answer from the plain prompt (the fallback). */
    NONE,
    /** One region: crop its box and insert all the crop's tokens. */
    BBOX,
    /** Two or more regions: crop the box around all of them and keep the crop tokens under the mask. */
    MASK
}
