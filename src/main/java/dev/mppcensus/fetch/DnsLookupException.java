package dev.mppcensus.fetch;

import java.net.UnknownHostException;

/** A name that did not resolve, with what the lookup found out. */
final class DnsLookupException extends UnknownHostException {

    private final DnsOutcome outcome;

    DnsLookupException(DnsOutcome outcome, String message) {
        super(message);
        this.outcome = outcome;
    }

    DnsOutcome outcome() {
        return outcome;
    }
}
