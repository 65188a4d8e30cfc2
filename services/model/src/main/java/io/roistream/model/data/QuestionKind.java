package io.roistream.model.data;

/**
 * How much resolution a question needs: FINE questions need the object's label (unreadable in the
 * low-resolution global view, readable in a crop); COARSE ones can be answered from the global view.
 */
public enum QuestionKind {
    FINE,
    COARSE
}
