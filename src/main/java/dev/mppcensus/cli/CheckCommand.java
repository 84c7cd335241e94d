package dev.mppcensus.cli;

import dev.mppcensus.census.ScanSettings;
import dev.mppcensus.detection.DomainVerdict;
import dev.mppcensus.detection.PaymentChallenge;
import dev.mppcensus.domainlist.ListLine;
import dev.mppcensus.domainlist.ListLineParser;
import dev.mppcensus.domainlist.ListedDomain;
import dev.mppcensus.domainlist.RejectedLine;
import dev.mppcensus.fetch.HttpFetcher;
import dev.mppcensus.detection.PaymentOffer;
import dev.mppcensus.report.ExportRecord;
import dev.mppcensus.scan.DomainScan;
import dev.mppcensus.scan.EndpointProbe;
import dev.mppcensus.scan.SentRequest;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;
import tools.jackson.core.StreamWriteFeature;
import tools.jackson.databind.json.JsonMapper;

/** {@code check DOMAIN}: every probe for one domain, explained; no database needed. */
@Command(name = "check", mixinStandardHelpOptions = true, defaultValueProvider = SettingDefaults.class,
        description = "Run every probe for one domain and explain what was found and why it was classified so. "
                + "Needs no database. Exit 0 when the domain's MPP is verified, 1 otherwise, 2 on bad input.")
final class CheckCommand implements Callable<Integer> {

    /** How the explanation names MPP support that agents cannot find. */
    private static final String UNDECLARED_WRONG = "support exists but isn't declared";
    /** How the explanation names a stream sold one payment at a time. */
    private static final String SESSION_WRONG = "a one-shot flow where a session is needed";

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "DOMAIN", description = "The domain, e.g. example.com.")
    String domain;

    @Option(names = "--json", description = "Print the record as JSON (the export's field names).")
    boolean json;

    @Mixin
    NetworkOptions network;

    @Override
    public Integer call() {
        ScanSettings settings = ScanSettings.of(SettingOptions.given(network));
        ListLine line = new ListLineParser().parse(domain, 1);
        if (line instanceof RejectedLine rejected) {
            throw new IllegalArgumentException("'" + domain + "' is not a domain: " + rejected.reason());
        }
        DomainScan scan;
        try (HttpFetcher fetcher = new HttpFetcher(settings.fetchSettings())) {
            scan = settings.newScanner(fetcher).scan((ListedDomain) line);
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(JsonMapper.builder().enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN).build()
                    .writerWithDefaultPrettyPrinter().writeValueAsString(ExportRecord.of(scan)));
        } else {
            printReport(scan, out);
        }
        out.flush();
        return scan.domainVerdict() == dev.mppcensus.detection.DomainVerdict.VERIFIED ? ExitCodes.OK
                : ExitCodes.RUN_FAILED;
    }

    /** One line per offer: where, what, and its price as given and in US dollars where known. */
    private static void printOffers(DomainScan scan, PrintWriter out) {
        for (PaymentOffer offer : scan.offers()) {
            String price = switch (offer.priceMode()) {
                case FIXED -> offer.amount() + (offer.price() == null ? "" : " = " + offer.price().toPlainString());
                case RANGE -> offer.amountMin() + ".." + offer.amountMax();
                case DYNAMIC, QUOTE -> offer.priceMode().code();
            };
            out.printf("  offer           %s %s %s %s/%s %s %s%s%s%s%n", offer.source().code(), offer.httpMethod(),
                    offer.url(), offer.paymentMethod(), offer.intent(), price, offer.currency(),
                    offer.network() == null ? "" : " (" + offer.network() + ")",
                    offer.amountUsd() == null ? "" : " = USD " + offer.amountUsd().toPlainString(),
                    offer.invalidReason() == null ? "" : "  INVALID: " + offer.invalidReason());
        }
        if (scan.priceDisagreements() != null && scan.priceDisagreements() > 0) {
            out.printf("  prices differ   on %d operation(s): the challenge and the OpenAPI document disagree%n",
                    scan.priceDisagreements());
        }
    }

    private static void printReport(DomainScan scan, PrintWriter out) {
        out.printf("%s: %s%n", scan.domain(), scan.domainVerdict().code());
        out.printf("  site            %s%n", scan.reachable()
                ? scan.scheme() + "://" + scan.siteHost() + "/ (homepage " + scan.homepageStatus() + ")"
                : "unreachable");
        if (scan.errorKind() != null) {
            out.printf("  problem         %s: %s%n", scan.errorKind().code(), scan.errorDetail());
        }
        out.printf("  ai-agent.json   %s%s%n", scan.wellKnownDocument() == null ? "not fetched" : scan.wellKnownDocument(),
                scan.wellKnownStatus() == null ? "" : " (HTTP " + scan.wellKnownStatus() + ")");
        out.printf("  openapi.json    %s%n", scan.openapiStatus() == null ? "not fetched"
                : "HTTP " + scan.openapiStatus() + ", " + scan.openapiPayableOperations() + " payable operations"
                        + (scan.openapiUrl() == null ? "" : " (" + scan.openapiUrl() + ")"));
        out.printf("  declared via    %s%n", scan.declaredVia().isEmpty() ? "nothing" : String.join(", ", scan.declaredVia()));
        if (scan.declarationInvalid()) {
            out.println("  declaration     INVALID (see evidence: mpp_invalid_reason, link_invalid_targets)");
        }
        out.printf("  x402            %s%n", scan.x402Declared() || scan.x402Offered()
                ? (scan.x402Declared() ? "declared in ai-agent.json" : "") + (scan.x402Offered() ? " offered by an endpoint" : "")
                : "not seen");
        for (EndpointProbe probe : scan.endpoints()) {
            out.printf("  endpoint        %s %s  [%s]%n", probe.httpMethod(), probe.url(), String.join(", ", probe.sources()));
            out.printf("    verdict       %s%s%n", probe.verdict().code(),
                    probe.status() == null ? " (" + probe.errorKind().code() + ": " + probe.errorDetail() + ")"
                            : " (HTTP " + probe.status() + (probe.overTls() ? "" : ", over plain HTTP") + ")");
            for (SentRequest sent : probe.sent()) {
                out.printf("    sent          %s %s -> %s%n", sent.method(), sent.url(),
                        sent.status() != null ? sent.status() + (sent.finalUrl() == null ? "" : " at " + sent.finalUrl())
                                : sent.error());
            }
            if (probe.assessment() == null) {
                continue;
            }
            for (PaymentChallenge challenge : probe.assessment().challenges()) {
                out.printf("    challenge     method=%s intent=%s realm=%s%s%n", challenge.method(), challenge.intent(),
                        challenge.realm(), challenge.valid() ? "" : "  INVALID: " + String.join("; ", challenge.violations()));
            }
            List<String> violations = probe.assessment().violations();
            if (!violations.isEmpty() && probe.assessment().challenges().stream().allMatch(PaymentChallenge::valid)) {
                violations.forEach(v -> out.printf("    defect        %s%n", v));
            }
            if (probe.assessment().problemType() != null) {
                out.printf("    problem type  %s%n", probe.assessment().problemType());
            }
            out.printf("    no-store      %s%n", probe.assessment().cacheNoStore() ? "yes" : "no");
        }
        if (!scan.methods().isEmpty()) {
            out.printf("  methods         %s%n", String.join(", ", scan.methods()));
            out.printf("  intents         %s%s%n", String.join(", ", scan.intents()),
                    scan.sessionSupported() ? " (session primitive supported)" : "");
        }
        printOffers(scan, out);
        printUndeclared(scan, out);
        printStreams(scan, out);
        out.printf("  why             %s%n", explain(scan));
        if (scan.domainVerdict() != DomainVerdict.UNDECLARED_MPP && undeclaredCount(scan) > 0) {
            out.printf("  also            %s%n", UNDECLARED_WRONG + ": " + undeclaredCount(scan)
                    + " URL(s) answered with a valid Payment challenge that no declaration names");
        }
        if (scan.sessionMissing() != null && scan.sessionMissing() > 0) {
            out.printf("  also            %s: %d operation(s) sell a stream but offer no session (intent=\"session\")%n",
                    SESSION_WRONG, scan.sessionMissing());
        }
    }

    private static int undeclaredCount(DomainScan scan) {
        return scan.undeclaredEndpoints() == null ? 0 : scan.undeclaredEndpoints().size();
    }

    /** Each URL that spoke MPP although no declaration names it, with where it was seen. */
    private static void printUndeclared(DomainScan scan, PrintWriter out) {
        if (scan.undeclaredEndpoints() == null) {
            return;
        }
        for (JsonNode endpoint : scan.undeclaredEndpoints()) {
            out.printf("  undeclared      %s %s  [seen at %s]%s%n", strings(endpoint.get("http_methods")),
                    endpoint.path("url").asString(""), strings(endpoint.get("seen_at")),
                    endpoint.has("operation") ? " (operation " + endpoint.get("operation").asString() + ")" : "");
            out.printf("    offers        methods %s, intents %s%n", strings(endpoint.get("methods")),
                    strings(endpoint.get("intents")));
        }
    }

    /** The operations that sell a stream, and whether each offers a session. */
    private static void printStreams(DomainScan scan, PrintWriter out) {
        if (scan.streamOperations() == null) {
            out.println("  streams         unknown (no OpenAPI document says what is sold)");
            return;
        }
        out.printf("  streams         %d operation(s) sell a stream: %d without a session, %d with one%n",
                scan.streamOperations(), scan.sessionMissing(), scan.sessionOffered());
        JsonNode listed = scan.evidence() == null ? null : scan.evidence().get("stream_operations");
        if (listed == null) {
            return;
        }
        for (JsonNode stream : listed) {
            out.printf("  stream          %s %s  %s (%s%s)%n", stream.path("method").asString(""),
                    stream.path("path").asString(""), stream.path("outcome").asString(""),
                    strings(stream.get("reasons")), stream.has("offers_from")
                            ? "; offers from " + stream.get("offers_from").asString() + ": " + strings(stream.get("intents"))
                            : "; no intent named");
        }
    }

    private static String strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        if (array != null) {
            array.forEach(value -> values.add(value.asString()));
        }
        return values.isEmpty() ? "none" : String.join(", ", values);
    }

    private static String explain(DomainScan scan) {
        return switch (scan.domainVerdict()) {
            case SITE_UNREACHABLE -> "the site could not be reached, so nothing is known about it";
            case NOT_DECLARED -> "no payments.mpp in ai-agent.json, no rel=\"mpp-endpoint\" Link, no payable OpenAPI operation, "
                    + "no mppResources in /.well-known/x402";
            case VERIFIED -> "a declared endpoint answered 402 with a well-formed Payment challenge";
            case STUB -> "declared endpoints answered, but without a Payment challenge (a stub at the URL)";
            case X402_CONFUSED -> "MPP is declared but the endpoint speaks only x402";
            case AUTH_REQUIRED -> "the endpoint asks for credentials of another scheme (401/403) before any 402";
            case NEEDS_INPUT -> "the operation rejected the census's requests as invalid input (400/422), even with "
                    + "every documented property filled";
            case INVALID -> "the declaration is unusable or the endpoint's Payment challenges break the rules";
            case ENDPOINT_UNREACHABLE -> "MPP is declared but no declared endpoint could be reached or was allowed";
            case DECLARED_UNCHECKED -> "MPP is declared; endpoints were not probed (--checks without endpoint)";
            case UNDECLARED_MPP -> UNDECLARED_WRONG + ": the site speaks MPP (a valid Payment challenge, see "
                    + "undeclared above) but nothing declares it, so agents never learn of it";
            case UNSEEN -> "every check met a bot wall" + (scan.botVendor() == null ? ""
                    : " (" + scan.botVendor().displayName() + ")") + ": the site's own answers were never seen, so "
                    + "whether it declares MPP is unknown; the census does not try to get past walls";
        };
    }
}
