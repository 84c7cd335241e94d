package dev.mppcensus.fetch;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.Cache;
import org.xbill.DNS.DClass;
import org.xbill.DNS.ExtendedResolver;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Resolver;
import org.xbill.DNS.ResolverConfig;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;
import org.xbill.DNS.config.ResolvConfResolverConfigProvider;
import org.xbill.DNS.lookup.LookupResult;
import org.xbill.DNS.lookup.LookupSession;
import org.xbill.DNS.lookup.NoSuchDomainException;
import org.xbill.DNS.lookup.NoSuchRRSetException;

/**
 * Name resolution made for crawling, with dnsjava. A and AAAA are asked at once from the configured
 * nameservers (those of {@code /etc/resolv.conf} unless given), each lookup ends within the deadline,
 * answers are cached for their TTL (negative answers too, RFC 2308), a truncated UDP answer is asked
 * again over TCP, CNAME chains are followed and {@code /etc/hosts} is consulted first. A failed lookup
 * completes with a {@link DnsLookupException} saying {@link DnsOutcome NXDOMAIN, NODATA, SERVFAIL or
 * timeout}; its message starts with that outcome.
 *
 * <p>Names are absolute: no search path is applied. Lookups of one name that start within the
 * deadline plus a few seconds of each other share one answer, so the per-address gate's lookup and
 * Jetty's moments later cost one query and at most one deadline, also when nothing answers.
 */
final class DnsResolver implements ConnectToResolver.Lookup {

    /** Once the A answer is in, how long the AAAA answer may still take before it is left out. */
    private static final long AAAA_GRACE_MILLIS = 100;
    /** How long after its deadline a lookup's outcome is still shared with new lookups of the name. */
    private static final long SHARED_MILLIS = 5_000;
    private static final int SWEEP_EVERY = 4_096;
    /** Cached RRsets: a census asks each name once or twice, so the cache mostly serves shared CNAME targets. */
    private static final int CACHE_ENTRIES = 20_000;

    private final LookupSession session;
    private final long deadlineMillis;
    private final long shareNanos;
    private final ConcurrentHashMap<String, Shared> shared = new ConcurrentHashMap<>();
    private final AtomicInteger started = new AtomicInteger();

    private record Shared(CompletableFuture<List<InetAddress>> answer, long expiresNanos) {
    }

    /** One record type's answer: addresses, or what went wrong. */
    private record Answer(List<InetAddress> addresses, DnsOutcome failure) {
        static final Answer NONE = new Answer(List.of(), DnsOutcome.TIMEOUT);
    }

    /**
     * @param servers  nameservers to ask, in order; empty for the system's ({@code /etc/resolv.conf})
     * @param deadline bound on every lookup, from the call until the outcome
     */
    DnsResolver(List<InetSocketAddress> servers, Duration deadline) {
        this(servers, deadline, deadline.plusMillis(SHARED_MILLIS));
    }

    /** As above, sharing a lookup's outcome with lookups of the name that start within {@code share} of it. */
    DnsResolver(List<InetSocketAddress> servers, Duration deadline, Duration share) {
        this.deadlineMillis = deadline.toMillis();
        this.shareNanos = share.toNanos();
        List<InetSocketAddress> targets = servers.isEmpty() ? systemNameservers() : servers;
        List<Resolver> resolvers = new ArrayList<>();
        for (InetSocketAddress target : targets) {
            SimpleResolver resolver = new SimpleResolver(target);
            // half the deadline per try: a lost datagram or a dead first server leaves time for one more
            resolver.setTimeout(Duration.ofMillis(Math.max(200, deadlineMillis / 2)));
            resolvers.add(resolver);
        }
        ExtendedResolver resolver = new ExtendedResolver(resolvers);
        resolver.setTimeout(deadline);
        resolver.setRetries(2);
        Cache cache = new Cache(DClass.IN);
        cache.setMaxEntries(CACHE_ENTRIES);
        this.session = LookupSession.builder()
                .resolver(resolver)
                .cache(cache)
                .defaultHostsFileParser()
                .build();
    }

    /**
     * The nameservers of {@code /etc/resolv.conf}, else whatever dnsjava finds on this system. Read
     * directly: dnsjava's full probe also looks for a search path through JNDI, which costs start-up
     * time and is not used (names are absolute).
     */
    private static List<InetSocketAddress> systemNameservers() {
        ResolvConfResolverConfigProvider resolvConf = new ResolvConfResolverConfigProvider();
        if (resolvConf.isEnabled()) {
            resolvConf.initialize(); // a missing or unreadable file gives no servers
            if (!resolvConf.servers().isEmpty()) {
                return resolvConf.servers();
            }
        }
        return ResolverConfig.getCurrentConfig().servers();
    }

    /**
     * The addresses of {@code host}, IPv4 first; completes within the deadline (plus a moment for the
     * AAAA answer after the A answer), exceptionally with a {@link DnsLookupException}.
     */
    @Override
    public CompletableFuture<List<InetAddress>> allByName(String host) {
        long now = System.nanoTime();
        if (started.incrementAndGet() % SWEEP_EVERY == 0) {
            shared.values().removeIf(entry -> entry.expiresNanos - now < 0);
        }
        Shared entry = shared.compute(host, (name, existing) -> existing != null && existing.expiresNanos - now > 0
                ? existing
                : new Shared(lookUp(name), now + shareNanos));
        return entry.answer().copy();
    }

    private CompletableFuture<List<InetAddress>> lookUp(String host) {
        Name name;
        try {
            name = Name.fromString(host, Name.root);
        } catch (TextParseException e) {
            return CompletableFuture.failedFuture(
                    new DnsLookupException(DnsOutcome.NXDOMAIN, "NXDOMAIN: " + host + " is not a valid DNS name"));
        }
        CompletableFuture<Answer> v4 = query(name, Type.A);
        CompletableFuture<Answer> v6 = query(name, Type.AAAA);
        return v4.thenCompose(a -> (a.addresses().isEmpty() ? v6
                        : v6.copy().completeOnTimeout(Answer.NONE, AAAA_GRACE_MILLIS, TimeUnit.MILLISECONDS))
                        .thenApply(b -> merge(host, a, b)));
    }

    private CompletableFuture<Answer> query(Name name, int type) {
        return session.lookupAsync(name, type).toCompletableFuture()
                .orTimeout(deadlineMillis, TimeUnit.MILLISECONDS)
                .handle((result, failure) -> failure == null ? answer(result, type) : new Answer(List.of(), outcome(name, failure)));
    }

    private static Answer answer(LookupResult result, int type) {
        List<InetAddress> addresses = new ArrayList<>();
        for (Record record : result.getRecords()) {
            InetAddress address = record instanceof ARecord a ? a.getAddress()
                    : record instanceof AAAARecord aaaa ? aaaa.getAddress() : null;
            if (address != null && record.getType() == type) {
                addresses.add(address);
            }
        }
        return new Answer(addresses, addresses.isEmpty() ? DnsOutcome.NODATA : null);
    }

    private static DnsOutcome outcome(Name asked, Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        if (cause instanceof NoSuchDomainException nxdomain) {
            // a CNAME whose target does not exist: the name asked for exists (names below it may too)
            return asked.equals(nxdomain.getName()) ? DnsOutcome.NXDOMAIN : DnsOutcome.NODATA;
        }
        if (cause instanceof NoSuchRRSetException) {
            return DnsOutcome.NODATA;
        }
        if (cause instanceof TimeoutException || cause instanceof IOException) {
            return DnsOutcome.TIMEOUT; // no answer in time, or the nameservers could not be reached
        }
        return DnsOutcome.SERVFAIL; // SERVFAIL, REFUSED, a CNAME loop, an answer that does not parse
    }

    /** Both answers together: every address found, else the most telling failure. */
    private List<InetAddress> merge(String host, Answer v4, Answer v6) {
        List<InetAddress> addresses = new ArrayList<>(v4.addresses());
        addresses.addAll(v6.addresses());
        if (!addresses.isEmpty()) {
            List<InetAddress> named = new ArrayList<>(addresses.size());
            for (InetAddress address : addresses) {
                named.add(ConnectToResolver.renamed(host, address));
            }
            return named;
        }
        DnsOutcome outcome = v4.failure() == DnsOutcome.NXDOMAIN || v6.failure() == DnsOutcome.NXDOMAIN ? DnsOutcome.NXDOMAIN
                : v4.failure() == DnsOutcome.TIMEOUT || v6.failure() == DnsOutcome.TIMEOUT ? DnsOutcome.TIMEOUT
                : v4.failure() == DnsOutcome.SERVFAIL || v6.failure() == DnsOutcome.SERVFAIL ? DnsOutcome.SERVFAIL
                : DnsOutcome.NODATA;
        throw new CompletionException(new DnsLookupException(outcome, message(host, outcome)));
    }

    private String message(String host, DnsOutcome outcome) {
        return switch (outcome) {
            case NXDOMAIN -> "NXDOMAIN: " + host + " does not exist";
            case NODATA -> "NODATA: " + host + " has no A or AAAA record";
            // "temporary" marks both as transient for failed-domain rescans, as the system resolver's EAI_AGAIN did
            case SERVFAIL -> "SERVFAIL: temporary failure resolving " + host + " (the nameservers failed)";
            case TIMEOUT -> "TIMEOUT: temporary failure resolving " + host + " (no answer within " + deadlineMillis + " ms)";
        };
    }
}
