package io.sluice.ingest.zeek;

/** A row that cannot become an event: a required field is unset or a value does not parse. */
final class BadFieldException extends RuntimeException {
    BadFieldException(String message) {
        super(message, null, false, false);
    }
}
