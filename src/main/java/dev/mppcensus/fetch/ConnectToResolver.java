package dev.mppcensus.fetch;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadFactory;

import org.eclipse.jetty.util.Promise;
import org.eclipse.jetty.util.SocketAddressResolver;

/**
 * Jetty's address resolution for the fetcher: applies connect-to rules first (their targets are
 * trusted), otherwise resolves with the JDK on a virtual thread (never on Jetty's selector) and keeps
 * only the addresses the {@link AddressPolicy} permits. Every returned address carries the original
 * host name, so TLS SNI and hostname verification use the name from the URL.
 */
final class ConnectToResolver implements SocketAddressResolver {

    /** Name resolution, replaceable in tests (the JDK's resolver by default). */
    interface Lookup {
        InetAddress[] allByName(String host) throws UnknownHostException;
    }

    private final List<ConnectToRule> rules;
    private final AddressPolicy policy;
    private final Lookup lookup;
    private final ThreadFactory lookupThreads = Thread.ofVirtual().name("mpp-fetch-dns-", 0).factory();

    ConnectToResolver(List<ConnectToRule> rules, AddressPolicy policy) {
        this(rules, policy, InetAddress::getAllByName);
    }

    ConnectToResolver(List<ConnectToRule> rules, AddressPolicy policy, Lookup lookup) {
        this.rules = List.copyOf(rules);
        this.policy = policy;
        this.lookup = lookup;
    }

    @Override
    public void resolve(String host, int port, Map<String, Object> context,
                        Promise<List<InetSocketAddress>> promise) {
        String name = unbracket(host);
        ConnectToRule rule = rules.stream().filter(r -> r.matches(name, port)).findFirst().orElse(null);
        if (rule != null) {
            resolveRuleTarget(name, rule.targetHost(name), rule.targetPort(port), promise);
            return;
        }
        InetAddress literal = literal(name);
        if (literal != null) {
            if (policy.permits(literal)) {
                promise.succeeded(List.of(new InetSocketAddress(literal, port)));
            } else {
                promise.failed(new BlockedAddressException(
                        "address " + literal.getHostAddress() + " refused by the address policy"));
            }
            return;
        }
        lookupThreads.newThread(() -> lookUp(name, port, promise)).start();
    }

    /**
     * The address a request for {@code host:port} will go to first, resolved on the calling thread by
     * the same rules as {@link #resolve}: a connect-to target, an IP literal or the first permitted
     * DNS answer. The JDK caches the answer, so Jetty's own resolution moments later does not query
     * DNS again (and whatever it gets is filtered by the policy again).
     *
     * @return the IP as text, or {@code null} when the host is blocked or does not resolve (the fetch
     *         then fails the same way inside Jetty)
     */
    String firstAddress(String host, int port) {
        String name = unbracket(host);
        try {
            ConnectToRule rule = rules.stream().filter(r -> r.matches(name, port)).findFirst().orElse(null);
            if (rule != null) {
                String target = rule.targetHost(name);
                InetAddress literal = literal(target);
                return (literal != null ? literal : lookup.allByName(target)[0]).getHostAddress();
            }
            InetAddress literal = literal(name);
            if (literal != null) {
                return policy.permits(literal) ? literal.getHostAddress() : null;
            }
            return Arrays.stream(lookup.allByName(name)).filter(policy::permits).findFirst()
                    .map(InetAddress::getHostAddress).orElse(null);
        } catch (UnknownHostException | RuntimeException e) {
            return null;
        }
    }

    private void resolveRuleTarget(String name, String target, int port, Promise<List<InetSocketAddress>> promise) {
        InetAddress literal = literal(target);
        if (literal != null) {
            promise.succeeded(List.of(new InetSocketAddress(renamed(name, literal), port)));
            return;
        }
        lookupThreads.newThread(() -> {
            try {
                List<InetSocketAddress> addresses = Arrays.stream(lookup.allByName(target))
                        .map(address -> new InetSocketAddress(renamed(name, address), port))
                        .toList();
                promise.succeeded(addresses);
            } catch (UnknownHostException | RuntimeException e) {
                promise.failed(e);
            }
        }).start();
    }

    private void lookUp(String name, int port, Promise<List<InetSocketAddress>> promise) {
        try {
            InetAddress[] all = lookup.allByName(name);
            List<InetSocketAddress> permitted = Arrays.stream(all)
                    .filter(policy::permits)
                    .map(address -> new InetSocketAddress(address, port))
                    .toList();
            if (permitted.isEmpty()) {
                promise.failed(new BlockedAddressException(name + " resolves only to addresses refused by the address policy: "
                        + Arrays.stream(all).map(InetAddress::getHostAddress).toList()));
            } else {
                promise.succeeded(permitted);
            }
        } catch (UnknownHostException | RuntimeException e) {
            promise.failed(e);
        }
    }

    /** The IP literal {@code host} stands for, or {@code null} when it is a name (no DNS is done). */
    static InetAddress literal(String host) {
        try {
            return InetAddress.ofLiteral(unbracket(host));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static InetAddress renamed(String name, InetAddress address) {
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
