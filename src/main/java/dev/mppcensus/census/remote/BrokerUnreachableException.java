package dev.mppcensus.census.remote;

/** RabbitMQ could not be reached by a remote run's manager or a worker; the message says where to set it. */
public final class BrokerUnreachableException extends RuntimeException {

    BrokerUnreachableException(String message, Throwable cause) {
        super(message, cause);
    }
}
