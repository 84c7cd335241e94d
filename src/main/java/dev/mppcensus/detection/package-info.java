/**
 * Pure detection logic of the census: turns the bytes and headers that the HTTP client fetched into
 * evidence and verdicts about MPP (Machine Payments Protocol) support.
 *
 * <p>Nothing here performs I/O, uses Spring or touches the network. Every public entry point is a
 * static function that never throws on hostile input (malformed headers, invalid or oversized JSON)
 * and runs in time linear in its input. Nothing reads a clock either: the time an answer arrived is
 * passed in ({@link dev.mppcensus.detection.EndpointClassifier}). The entry points:
 * <ul>
 *   <li>declarations: {@link dev.mppcensus.detection.LinkHeaderParser} and
 *       {@link dev.mppcensus.detection.MppLinkDeclarations} (RFC 8288 {@code rel="mpp-endpoint"}, {@code anchor}),
 *       {@link dev.mppcensus.detection.AiAgentDocumentReader} ({@code /.well-known/ai-agent.json}) and
 *       {@link dev.mppcensus.detection.WellKnownDocumentState},
 *       {@link dev.mppcensus.detection.X402WellKnown} ({@code /.well-known/x402});</li>
 *   <li>the endpoint's answer: {@link dev.mppcensus.detection.WwwAuthenticateParser} (RFC 9110
 *       section 11), {@link dev.mppcensus.detection.PaymentChallenge} (MPP challenge rules),
 *       {@link dev.mppcensus.detection.X402Detector}, {@link dev.mppcensus.detection.EndpointClassifier},
 *       {@link dev.mppcensus.detection.Networks}, {@link dev.mppcensus.detection.ResponseProblem};</li>
 *   <li>bot walls: {@link dev.mppcensus.detection.BotWalls} (the catalogue of vendors' challenge and block
 *       answers, {@link dev.mppcensus.detection.BotVendor}, {@link dev.mppcensus.detection.BotWall}) and
 *       {@link dev.mppcensus.detection.SiteWalls} (whether a domain's every check met one);</li>
 *   <li>MPP's discovery document: {@link dev.mppcensus.detection.OpenApiDiscovery},
 *       {@link dev.mppcensus.detection.PaymentInfo} (three {@code x-payment-info} dialects), and the probing of
 *       its payable operations: {@link dev.mppcensus.detection.OperationSelection},
 *       {@link dev.mppcensus.detection.ProbeRequests};</li>
 *   <li>the per-domain outcome: {@link dev.mppcensus.detection.DomainAssessment},
 *       {@link dev.mppcensus.detection.DomainVerdict}, {@link dev.mppcensus.detection.StaticChallenges};</li>
 *   <li>two ways a deployment goes wrong besides a stub: {@link dev.mppcensus.detection.UndeclaredEndpoint} (support that exists
 *       but isn't declared) and {@link dev.mppcensus.detection.StreamSignals},
 *       {@link dev.mppcensus.detection.StreamOperation} (a one-shot flow where a session is needed).</li>
 * </ul>
 */
package dev.mppcensus.detection;
