package dev.mppcensus.fetch;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.util.Promise;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The resolver path of the address policy with a fake DNS: names that resolve to private,
 * loopback, metadata or mapped addresses are blocked, mixed answers keep only the public addresses
 * (the ones Jetty then connects to), and {@code --allow-private} ranges admit theirs.
 */
class ConnectToResolverTest {

    private static final Map<String, List<String>> DNS = Map.of(
            "rebind.test", List.of("10.0.0.1"),
            "metadata.test", List.of("169.254.169.254"),
            "mapped.test", List.of("::ffff:192.168.1.1"),
            "loop6.test", List.of("::1"),
            "ula.test", List.of("fd12:3456::1"),
            "cgnat.test", List.of("100.64.1.1"),
            "mixed.test", List.of("127.0.0.1", "93.184.216.34", "10.1.1.1", "2606:4700::1111"),
            "public.test", List.of("93.184.216.34"));

    private static CompletableFuture<List<InetAddress>> lookUp(String host) {
        List<String> answers = DNS.get(host);
        if (answers == null) {
            return CompletableFuture.failedFuture(new UnknownHostException(host));
        }
        return CompletableFuture.completedFuture(answers.stream()
                .map(answer -> ConnectToResolver.renamed(host, InetAddress.ofLiteral(answer))).toList());
    }

    private static Object resolve(String host, AddressPolicy policy) throws Exception {
        CompletableFuture<Object> outcome = new CompletableFuture<>();
        new ConnectToResolver(List.of(), policy, ConnectToResolverTest::lookUp).resolve(host, 443, new HashMap<>(),
                new Promise<>() {
                    @Override
                    public void succeeded(List<InetSocketAddress> result) {
                        outcome.complete(result.stream().map(a -> a.getAddress().getHostAddress()).toList());
                    }

                    @Override
                    public void failed(Throwable x) {
                        outcome.complete(x);
                    }
                });
        return outcome.get(5, TimeUnit.SECONDS);
    }

    @ParameterizedTest(name = "{0} with allow {1}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            rebind.test   | -              | blocked
            metadata.test | -              | blocked
            mapped.test   | -              | blocked
            loop6.test    | -              | blocked
            ula.test      | -              | blocked
            cgnat.test    | -              | blocked
            public.test   | -              | 93.184.216.34
            mixed.test    | -              | 93.184.216.34 2606:4700:0:0:0:0:0:1111
            rebind.test   | 10.0.0.0/8     | 10.0.0.1
            mapped.test   | 192.168.0.0/16 | 192.168.1.1
            mixed.test    | 127.0.0.0/8    | 127.0.0.1 93.184.216.34 2606:4700:0:0:0:0:0:1111
            unknown.test  | -              | dns
            """)
    void keepsOnlyPermittedAddresses(String host, String allow, String expected) throws Exception {
        AddressPolicy policy = allow == null ? AddressPolicy.publicOnly() : AddressPolicy.allowing(List.of(allow));
        Object outcome = resolve(host, policy);
        switch (expected) {
            case "blocked" -> assertThat(outcome).isInstanceOf(BlockedAddressException.class);
            case "dns" -> assertThat(outcome).isInstanceOf(UnknownHostException.class);
            default -> assertThat(outcome).isEqualTo(List.of(expected.split(" ")));
        }
    }
}
