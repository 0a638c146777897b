package io.sluice.app.live;

/** Live capture cannot start: no libpcap, no such interface, no permission, a bad filter. The message says what to do. */
public final class LiveCaptureException extends RuntimeException {
    public LiveCaptureException(String message) {
        super(message);
    }
}
