package dev.mppcensus.scan;

import dev.mppcensus.detection.AiAgentDocument;
import dev.mppcensus.detection.BotWall;
import dev.mppcensus.detection.BotWalls;
import dev.mppcensus.detection.SiteWalls;
import dev.mppcensus.detection.EndpointAssessment;
import dev.mppcensus.detection.LinkDeclarations;
import dev.mppcensus.detection.OpenApiDiscovery;
import dev.mppcensus.detection.OperationServer;
import dev.mppcensus.detection.PayableOperation;
import dev.mppcensus.detection.PaymentChallenge;
import dev.mppcensus.detection.StaticChallenges;
import dev.mppcensus.detection.StreamOperation;
import dev.mppcensus.detection.X402WellKnown;
import java.net.URI;
import java.util.List;
import dev.mppcensus.detection.MppField;
import dev.mppcensus.fetch.FetchResponse;
import java.nio.charset.StandardCharsets;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The raw material behind one domain's result, as a JSON object capped at {@link #MAX_BYTES}
 * bytes: request attempts, redirect chains, the {@code payments} object, the Link values, each probed
 * endpoint's challenges (with {@code expires} and violations), and {@code static_challenge_ids} when two
 * answers repeated a challenge ({@link StaticChallenges}). A hop or an endpoint answered by a bot wall
 * carries {@code bot_vendor} (the vendor's code) and {@code bot_wall} (what identified it);
 * {@code bot_walls} sums them up for the domain. {@code stream_operations} lists the operations that sell a
 * stream with their outcome ({@link StreamOperation}).
 */
final class Evidence {

    static final int MAX_BYTES = 64 * 1024;
    /** Most stream operations listed. */
    static final int MAX_STREAMS = 50;
    private static final int MAX_TEXT = 2048;
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final ObjectNode root = NODES.objectNode();
    private int requests;

    /** Records the hops of a homepage try on an origin that gave no answer. */
    void attempt(RedirectChain chain) {
        ArrayNode attempts = root.has("attempts") ? (ArrayNode) root.get("attempts") : root.putArray("attempts");
        chain.hops().forEach(hop -> attempts.add(hop(hop)));
        requests += chain.hops().size();
    }

    void chain(String name, RedirectChain chain) {
        ArrayNode hops = root.putArray(name);
        chain.hops().forEach(hop -> hops.add(hop(hop)));
        if (chain.redirectError() != null) {
            root.put(name + "_redirect_error", chain.redirectError());
        }
        requests += chain.hops().size();
    }

    void document(AiAgentDocument document) {
        ObjectNode node = root.putObject("ai_agent_json");
        node.put("status", document.status().name().toLowerCase());
        if (document.parseError() != null) {
            node.put("parse_error", cap(document.parseError()));
        }
        if (document.payments() != null) {
            node.set("payments", document.payments());
        }
        if (document.mpp() instanceof MppField.Invalid invalid) {
            node.put("mpp_invalid_raw", cap(invalid.rawJson()));
            node.put("mpp_invalid_reason", invalid.reason());
        }
    }

    void links(LinkDeclarations links) {
        if (!links.rawValues().isEmpty()) {
            ArrayNode raw = root.putArray("link");
            links.rawValues().stream().limit(50).forEach(value -> raw.add(cap(value)));
        }
        if (!links.invalidTargets().isEmpty()) {
            ArrayNode invalid = root.putArray("link_invalid_targets");
            links.invalidTargets().stream().limit(50).forEach(value -> invalid.add(cap(value)));
        }
        if (!links.ignored().isEmpty()) {
            ArrayNode ignored = root.putArray("link_ignored");
            links.ignored().stream().limit(50).forEach(value -> ignored.add(cap(value)));
        }
    }


    /** The paths robots.txt kept us from requesting. */
    ArrayNode robotsDisallowed() {
        return root.has("robots_disallowed") ? (ArrayNode) root.get("robots_disallowed") : root.putArray("robots_disallowed");
    }

    /**
     * Marks the last hop of chain {@code name} as met by {@code wall}, which was inferred from the
     * domain's other checks (the hop had no body to read).
     */
    void inferredWall(String name, BotWall wall) {
        if (root.get(name) instanceof ArrayNode hops && !hops.isEmpty() && hops.get(hops.size() - 1) instanceof ObjectNode last) {
            wall(last, wall);
            last.put("bot_wall_inferred", true);
        }
    }

    /** The domain's walls: their vendors, how many checks met one, and whether every answered check did. */
    void botWalls(SiteWalls walls) {
        if (walls.vendors().isEmpty()) {
            return;
        }
        ObjectNode node = root.putObject("bot_walls");
        walls.vendors().forEach(vendor -> node.withArray("vendors").add(vendor.code()));
        node.put("walled_checks", walls.checks().stream().filter(SiteWalls.Outcome::walled).count());
        node.put("checks", walls.checks().size());
        node.put("every_check_walled", walls.everyCheckWalled());
    }

    void note(String name, int value) {
        root.put(name, value);
    }

    /** Adds one to the counter {@code name}. */
    void count(String name) {
        root.put(name, root.path(name).asInt(0) + 1);
    }

    /**
     * The OpenAPI document read; {@code url} is where it was found (after redirects), {@code null} when it
     * was unreadable. Each operation listed carries the server its path is appended to, where that server
     * was declared and why servers before it were passed over.
     */
    void openApi(OpenApiDiscovery discovery, URI url) {
        ObjectNode node = root.putObject("openapi_discovery");
        node.put("parsed", discovery.parsed());
        if (url != null) {
            node.put("url", cap(url.toString()));
        }
        if (discovery.error() != null) {
            node.put("error", cap(discovery.error()));
        }
        node.put("payable_operations", discovery.payableOperations());
        node.put("operations_402_without_payment_info", discovery.operations402());
        if (discovery.serviceInfo() != null) {
            setCapped(node, "service_info", discovery.serviceInfo());
        }
        ArrayNode operations = node.putArray("operations");
        for (PayableOperation op : discovery.operations().stream().limit(20).toList()) {
            ObjectNode item = operations.addObject();
            item.put("path", cap(op.path()));
            item.put("method", op.httpMethod());
            if (url != null) {
                OperationServer server = OperationServer.of(discovery.root(), op, url);
                item.put("server", cap(server.url().toString()));
                item.put("server_from", server.source().code());
                server.problems().forEach(problem -> item.withArray("server_problems").add(cap(problem)));
            }
            item.put("declares_402", op.declares402());
            item.put("dialect", op.info().dialect().name().toLowerCase());
            op.info().protocols().forEach(item.withArray("protocols")::add);
            op.methods().forEach(item.withArray("methods")::add);
            op.intents().forEach(item.withArray("intents")::add);
            if (op.info().amount() != null) {
                item.put("amount", cap(op.info().amount()));
            }
            if (op.info().currency() != null) {
                item.put("currency", cap(op.info().currency()));
            }
        }
    }

    /**
     * The operations that sell a stream ({@link StreamOperation}), the first {@value #MAX_STREAMS} of them:
     * {@code method}, {@code path}, {@code reasons}, {@code outcome} ({@code session_offered},
     * {@code session_missing}, {@code offers_unknown}), {@code offers_from} and {@code intents}.
     */
    void streams(List<StreamOperation> streams) {
        if (streams.isEmpty()) {
            return;
        }
        ArrayNode items = root.putArray("stream_operations");
        for (StreamOperation stream : streams.stream().limit(MAX_STREAMS).toList()) {
            ObjectNode item = items.addObject();
            item.put("method", stream.httpMethod());
            item.put("path", cap(stream.path()));
            stream.reasons().forEach(reason -> item.withArray("reasons").add(cap(reason)));
            item.put("outcome", stream.outcome().code());
            if (stream.offersFrom() != null) {
                item.put("offers_from", stream.offersFrom().code());
            }
            stream.intents().forEach(intent -> item.withArray("intents").add(cap(intent)));
        }
        if (streams.size() > MAX_STREAMS) {
            root.put("stream_operations_not_listed", streams.size() - MAX_STREAMS);
        }
    }

    void x402WellKnown(X402WellKnown document) {
        ObjectNode node = root.putObject("x402_well_known_document");
        node.put("parsed", document.parsed());
        node.put("x402_resources", document.x402Declared());
        node.put("invalid_mpp_resources", document.invalid());
        ArrayNode entries = node.putArray("mpp_resources");
        document.mppResources().stream().limit(20).forEach(entry -> entries.add(
                cap((entry.method() == null ? "" : entry.method() + " ") + entry.url())));
    }

    /** The probes of {@code targets} (one per target, same order); an operation's with the server it was sent to. */
    void endpoints(List<ProbeTarget> targets, List<EndpointProbe> probes) {
        ArrayNode endpoints = root.putArray("endpoints");
        for (int i = 0; i < probes.size(); i++) {
            EndpointProbe probe = probes.get(i);
            requests += probe.requests();
            ObjectNode item = endpoints.addObject();
            item.put("url", cap(probe.url()));
            item.put("method", probe.httpMethod());
            probe.sources().forEach(item.withArray("sources")::add);
            OperationServer server = i < targets.size() ? targets.get(i).server() : null;
            if (server != null) {
                item.put("server", cap(server.url().toString()));
                item.put("server_from", server.source().code());
                server.problems().forEach(problem -> item.withArray("server_problems").add(cap(problem)));
            }
            item.put("attempts", probe.attempts());
            ArrayNode sent = item.putArray("sent");
            for (SentRequest request : probe.sent()) {
                ObjectNode r = sent.addObject();
                r.put("method", request.method());
                r.put("url", cap(request.url()));
                if (request.status() != null) {
                    r.put("status", request.status());
                }
                if (request.finalUrl() != null) {
                    r.put("final_url", cap(request.finalUrl()));
                }
                if (request.error() != null) {
                    r.put("error", cap(request.error()));
                }
            }
            item.put("ms", probe.elapsedMs());
            item.put("verdict", probe.verdict().code());
            if (probe.status() != null) {
                item.put("status", probe.status());
            }
            if (probe.finalUrl() != null && !probe.finalUrl().equals(probe.url())) {
                item.put("final_url", cap(probe.finalUrl()));
            }
            if (probe.errorKind() != null) {
                item.put("error", probe.errorKind().code() + ": " + cap(probe.errorDetail()));
            }
            EndpointAssessment assessment = probe.assessment();
            if (assessment == null) {
                continue;
            }
            if (assessment.wall() != null) {
                wall(item, assessment.wall());
            }
            item.put("over_tls", assessment.overTls());
            item.put("x402_offered", assessment.x402Offered());
            item.put("cache_no_store", assessment.cacheNoStore());
            assessment.networks().forEach(item.withArray("networks")::add);
            if (assessment.realmMatchesHost() != null) {
                item.put("realm_matches_host", assessment.realmMatchesHost());
            }
            if (assessment.problemType() != null) {
                item.put("problem_type", cap(assessment.problemType()));
            }
            assessment.violations().stream().limit(20).forEach(v -> item.withArray("violations").add(cap(v)));
            ArrayNode challenges = item.putArray("challenges");
            for (PaymentChallenge challenge : assessment.challenges().stream().limit(10).toList()) {
                ObjectNode c = challenges.addObject();
                c.put("valid", challenge.valid());
                c.put("id", cap(challenge.id()));
                c.put("realm", cap(challenge.realm()));
                c.put("method", cap(challenge.method()));
                c.put("intent", cap(challenge.intent()));
                c.put("expires", cap(challenge.expires()));
                if (challenge.request() != null) {
                    setCapped(c, "request", challenge.request());
                }
                challenge.violations().forEach(c.withArray("violations")::add);
            }
        }
        List<String> repeated = StaticChallenges.repeatedIds(probes.stream().map(EndpointProbe::assessment).toList());
        if (!repeated.isEmpty()) {
            ArrayNode ids = root.putArray("static_challenge_ids");
            repeated.stream().limit(10).forEach(id -> ids.add(cap(id)));
        }
    }

    int requests() {
        return requests;
    }

    /** The evidence, with the {@code payments} object replaced by a preview if it would go over the cap. */
    ObjectNode toJson() {
        if (Utf8Length.of(root) <= MAX_BYTES) {
            return root;
        }
        ObjectNode capped = root.deepCopy();
        if (capped.get("ai_agent_json") instanceof ObjectNode doc && doc.has("payments")) {
            doc.put("payments", cap(doc.get("payments").toString()));
            doc.put("payments_truncated", true);
        }
        if (capped.toString().getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
            capped.remove("link");
            capped.remove("openapi_discovery");
            capped.remove("x402_well_known_document");
            capped.put("evidence_truncated", true);
        }
        return capped;
    }

    /** Sets {@code name} to {@code value}, or {@code name_truncated} to its capped text when it is too long. */
    private static void setCapped(ObjectNode node, String name, tools.jackson.databind.JsonNode value) {
        String text = value.toString();
        if (text.length() <= MAX_TEXT) {
            node.set(name, value);
        } else {
            node.put(name + "_truncated", cap(text));
        }
    }

    private static ObjectNode hop(FetchResponse response) {
        ObjectNode hop = NODES.objectNode();
        hop.put("url", cap(response.uri().toString()));
        if (response.answered()) {
            hop.put("status", response.status());
            response.headers().firstValue("location").ifPresent(location -> hop.put("location", cap(location)));
            response.headers().firstValue("content-type").ifPresent(type -> hop.put("content_type", cap(type)));
            BotWalls.find(response.status(), response.headers(), response.body()).ifPresent(wall -> wall(hop, wall));
        }
        if (response.remoteAddress() != null) {
            hop.put("remote", response.remoteAddress());
        }
        if (response.error() != null) {
            hop.put("error", response.error().kind().name().toLowerCase() + ": " + cap(response.error().message()));
        }
        hop.put("ms", response.elapsedMillis());
        return hop;
    }

    private static void wall(ObjectNode node, BotWall wall) {
        node.put("bot_vendor", wall.vendor().code());
        node.put("bot_wall", cap(wall.kind().code() + ": " + wall.marker()));
    }

    private static String cap(String text) {
        if (text == null) {
            return null;
        }
        return text.length() <= MAX_TEXT ? text : text.substring(0, MAX_TEXT) + "...";
    }
}
