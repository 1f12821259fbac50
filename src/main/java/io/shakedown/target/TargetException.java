package io.shakedown.target;

/**
 * Shakedown could not set up the target (no Docker engine, image not found, pull refused...).
 * This is an ERROR verdict, not a FAILED one: the app was never given its chance.
 */
public class TargetException extends RuntimeException {
    public TargetException(String message) {
        super(message);
    }

    public TargetException(String message, Throwable cause) {
        super(message, cause);
    }
}
