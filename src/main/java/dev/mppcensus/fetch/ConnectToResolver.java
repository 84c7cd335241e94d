package dev.mppcensus.fetch;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import org.eclipse.jetty.util.Promise;
import org.eclipse.jetty.util.SocketAddressResolver;

/**
 * Jetty's address resolution for the fetcher: applies connect-to rules first (their targets are
 * trusted), otherwise looks the name up (asynchronously, never blocking Jetty's selector) and keeps
 * only the addresses the {@link AddressPolicy} permits, whether they came directly or at the end of
 * a CNAME chain, IPv4 or IPv6. Every returned address carries the original host name, so TLS SNI and
 * hostname verification use the name from the URL.
 */
final class ConnectToResolver implements SocketAddressResolver {

    /** Name resolution, replaceable in tests ({@link DnsResolver} in the fetcher). */
    interface Lookup {
        /**
         * The addresses of {@code host}; completes exceptionally (possibly wrapped in a
         * {@link CompletionException}) with an {@link UnknownHostException} when it does not resolve.
         */
        CompletableFuture<List<InetAddress>> allByName(String host);
    }

    private final List<ConnectToRule> rules;
    private final AddressPolicy policy;
    private final Lookup lookup;

    ConnectToResolver(List<ConnectToRule> rules, AddressPolicy policy, Lookup lookup) {
        this.rules = List.copyOf(rules);
        this.policy = policy;
        this.lookup = lookup;
    }

    @Override
    public void resolve(String host, int port, Map<String, Object> context,
                        Promise<List<InetSocketAddress>> promise) {
        addresses(host, port).whenComplete((addresses, failure) -> {
            if (failure != null) {
                promise.failed(unwrap(failure));
            } else {
                promise.succeeded(addresses);
            }
        });
    }

    /**
     * The addresses a request for {@code host:port} may connect to, in order: a connect-to target
     * (trusted), a permitted IP literal, or the permitted addresses the name resolves to. Completes
     * exceptionally with a {@link BlockedAddressException} when the policy refuses every address, or
     * the lookup's {@link UnknownHostException}.
     */
    CompletableFuture<List<InetSocketAddress>> addresses(String host, int port) {
        String name = unbracket(host);
        ConnectToRule rule = rules.stream().filter(r -> r.matches(name, port)).findFirst().orElse(null);
        if (rule != null) {
            String target = rule.targetHost(name);
            int targetPort = rule.targetPort(port);
            InetAddress literal = literal(target);
            CompletableFuture<List<InetAddress>> targets = literal != null
                    ? CompletableFuture.completedFuture(List.of(literal)) : lookup.allByName(target);
            return targets.thenApply(all -> all.stream()
                    .map(address -> new InetSocketAddress(renamed(name, address), targetPort)).toList());
        }
        InetAddress literal = literal(name);
        CompletableFuture<List<InetAddress>> answers = literal != null
                ? CompletableFuture.completedFuture(List.of(literal)) : lookup.allByName(name);
        return answers.thenApply(all -> {
            List<InetSocketAddress> permitted = all.stream()
                    .filter(policy::permits)
                    .map(address -> new InetSocketAddress(address, port))
                    .toList();
            if (permitted.isEmpty()) {
                throw new CompletionException(new BlockedAddressException(literal != null
                        ? "address " + literal.getHostAddress() + " refused by the address policy"
                        : name + " resolves only to addresses refused by the address policy: "
                                + all.stream().map(InetAddress::getHostAddress).toList()));
            }
            return permitted;
        });
    }

    /**
     * The address a request for {@code host:port} will go to first, by the same rules as
     * {@link #resolve}. The lookup's outcome is shared with Jetty's own moments later (see
     * {@link DnsResolver}), so this costs no second query and no second deadline.
     *
     * @return the IP as text, or {@code null} when the host is blocked or does not resolve (the fetch
     *         then fails the same way inside Jetty)
     */
    String firstAddress(String host, int port) {
        try {
            return addresses(host, port).join().getFirst().getAddress().getHostAddress();
        } catch (CompletionException | CancellationException e) {
            return null;
        }
    }

    private static Throwable unwrap(Throwable failure) {
        return failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    }

    /** The IP literal {@code host} stands for, or {@code null} when it is a name (no DNS is done). */
    static InetAddress literal(String host) {
        try {
            return InetAddress.ofLiteral(unbracket(host));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** {@code address} carrying {@code name} as its host name. */
    static InetAddress renamed(String name, InetAddress address) {
        try {
            return InetAddress.getByAddress(name, address.getAddress());
        } catch (UnknownHostException e) {
            throw new IllegalStateException("address of illegal length", e);
        }
    }

    private static String unbracket(String host) {
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }
}
