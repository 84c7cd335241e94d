package dev.mppcensus.fetch;

import java.net.UnknownHostException;

/**
 * The {@link AddressPolicy} refused every address of a host. Extends {@link UnknownHostException} so
 * that Jetty treats it like a failed lookup (no connection attempt).
 */
final class BlockedAddressException extends UnknownHostException {

    BlockedAddressException(String message) {
        super(message);
    }
}
