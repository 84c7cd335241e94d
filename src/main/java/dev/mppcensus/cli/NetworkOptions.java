package dev.mppcensus.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import picocli.CommandLine.Option;

/** The network options shared by every command that crawls: the HTTP client and the probes. */
final class NetworkOptions extends SettingOptions {

    @Option(names = "--connect-to", paramLabel = "HOST1:PORT1:HOST2:PORT2",
            description = "Connect to HOST2:PORT2 instead of HOST1:PORT1 (curl's meaning: the URL, Host header and "
                    + "TLS SNI keep the domain's name). Empty HOST1 or PORT1 matches any; HOST1 may be *.example.com. "
                    + "Repeatable; the first matching rule wins.")
    List<String> connectTo;

    @Option(names = "--ca-file", paramLabel = "PEM",
            description = "Also trust the CA certificate(s) in this PEM file (verification stays on).")
    Path caFile;

    @Option(names = "--timeout", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Deadline of each HTTP request, headers and body included (default: ${DEFAULT-VALUE}; "
                    + "e.g. 500ms, 5s, 1m).")
    Duration timeout;

    @Option(names = "--connect-timeout", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Deadline of each TCP connect (default: ${DEFAULT-VALUE}; capped at --timeout).")
    Duration connectTimeout;

    @Option(names = "--user-agent", paramLabel = "STRING",
            description = "User-Agent header (default: mpp-census/VERSION with the project URL).")
    String userAgent;

    @Option(names = "--checks", paramLabel = "LIST",
            description = "Probes to run, comma-separated: well-known (ai-agent.json), link (homepage Link header), "
                    + "openapi (/openapi.json, /api/openapi.json x-payment-info), x402 (/.well-known/x402 "
                    + "mppResources), endpoint (unpaid requests to declared endpoints and payable operations). "
                    + "Default: all.")
    String checks;

    @Option(names = "--probe-methods", paramLabel = "get|default|all",
            description = "HTTP methods payable operations may be probed with (always unpaid, without credentials, "
                    + "at most two requests each): get = GET only; default = GET, HEAD and POST; all = also PUT, "
                    + "PATCH and DELETE (default: ${DEFAULT-VALUE}).")
    String probeMethods;

    @Option(names = "--homepage-get", paramLabel = "fallback|no-link",
            description = "When the homepage is also requested with GET after its HEAD: fallback = only when HEAD is "
                    + "refused (405, 501) or fails; no-link = also when the HEAD answer has no Link header, for "
                    + "servers that send Link on GET only (default: ${DEFAULT-VALUE}).")
    String homepageGet;

    @Option(names = "--allow-private", paramLabel = "CIDR",
            description = "Also allow connections to this otherwise refused network (loopback, RFC 1918, link-local, "
                    + "ULA, CGNAT...), e.g. 10.0.0.0/8 or fd00::/8; a bare address is one host. Repeatable. "
                    + "Default: public addresses only (--connect-to targets are always allowed).")
    List<String> allowPrivate;

    @Option(names = "--per-ip-limit", paramLabel = "N",
            description = "At most N requests in flight to one IP address, across all host names served from it "
                    + "(default: ${DEFAULT-VALUE}; 0 = no limit).")
    int perIpLimit;

    @Option(names = "--robots",
            description = "Fetch each site's /robots.txt first and skip the homepage and document requests "
                    + "(/.well-known/ai-agent.json, OpenAPI, /.well-known/x402) it disallows for mpp-census (or *); "
                    + "skipped checks give error kind robots.")
    boolean robots;

    @Option(names = "--retries", paramLabel = "N",
            description = "Retry a request up to N times after a refused or reset connection, with backoff from 250 ms "
                    + "doubling each time; a refused homepage only once no origin of the site (https, http, www.) "
                    + "accepted a connection; timeouts are not retried (default: ${DEFAULT-VALUE}).")
    int retries;

    @Option(names = "--dns-server", paramLabel = "IP[:PORT]",
            description = "Ask this nameserver (port 53 unless given; IPv6 as [::1]:53) instead of those in "
                    + "/etc/resolv.conf. Repeatable, asked in order. Every lookup ends within --connect-timeout.")
    List<String> dnsServers;

    @Option(names = "--connections-per-host", paramLabel = "N",
            description = "At most N connections to one host over HTTP/1.1 (default: ${DEFAULT-VALUE}); a host "
                    + "that negotiates HTTP/2 gets one connection carrying all of its requests.")
    int connectionsPerHost;
}
