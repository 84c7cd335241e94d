package dev.mppcensus.detection;

import java.util.Locale;

/**
 * The census outcome for one domain, derived from evidence by {@link #from}.
 *
 * <table>
 *   <caption>Decision table, first matching row wins</caption>
 *   <tr><th>site reachable</th><th>every check walled</th><th>declared</th><th>invalid declaration</th><th>best endpoint verdict</th><th>domain verdict</th></tr>
 *   <tr><td>no</td><td>any</td><td>any</td><td>any</td><td>any</td><td>{@link #SITE_UNREACHABLE}</td></tr>
 *   <tr><td>yes</td><td>any</td><td>no</td><td>no</td><td>any (none: only declared endpoints are probed for it), and
 *       the site speaks MPP where nothing declares it</td><td>{@link #UNDECLARED_MPP}</td></tr>
 *   <tr><td>yes</td><td>yes</td><td>no</td><td>no</td><td>any</td><td>{@link #UNSEEN}</td></tr>
 *   <tr><td>yes</td><td>no</td><td>no</td><td>no</td><td>any</td><td>{@link #NOT_DECLARED}</td></tr>
 *   <tr><td>yes</td><td>any</td><td>any</td><td>any</td><td>{@code VERIFIED_MPP}</td><td>{@link #VERIFIED}</td></tr>
 *   <tr><td>yes</td><td>any</td><td>any</td><td>any</td><td>{@code INVALID_CHALLENGE}</td><td>{@link #INVALID}</td></tr>
 *   <tr><td>yes</td><td>any</td><td>any</td><td>yes</td><td>any other, or none</td><td>{@link #INVALID}</td></tr>
 *   <tr><td>yes</td><td>any</td><td>yes</td><td>no</td><td>{@code X402_ONLY}</td><td>{@link #X402_CONFUSED}</td></tr>
 *   <tr><td>yes</td><td>any</td><td>yes</td><td>no</td><td>{@code AUTH_REQUIRED}</td><td>{@link #AUTH_REQUIRED}</td></tr>
 *   <tr><td>yes</td><td>any</td><td>yes</td><td>no</td><td>{@code NEEDS_INPUT}</td><td>{@link #NEEDS_INPUT}</td></tr>
 *   <tr><td>yes</td><td>any</td><td>yes</td><td>no</td><td>{@code STUB}</td><td>{@link #STUB}</td></tr>
 *   <tr><td>yes</td><td>any</td><td>yes</td><td>no</td><td>{@code UNREACHABLE}, {@code BLOCKED}</td><td>{@link #ENDPOINT_UNREACHABLE}</td></tr>
 *   <tr><td>yes</td><td>any</td><td>yes</td><td>no</td><td>none ({@code null}: not probed)</td><td>{@link #DECLARED_UNCHECKED}</td></tr>
 * </table>
 *
 * <p>{@link #SITE_UNREACHABLE} and {@link #UNSEEN} both say that nothing of the site was seen: no HTTP
 * answer came at all, or every answer was a bot wall's ({@link SiteWalls#everyCheckWalled()}). Neither is
 * a site without MPP. A site where some check saw the site's own answer is judged on what was seen, its
 * walls kept in the evidence; so is a declaration read despite the walls (a {@code Link} header on a
 * walled homepage answer): something of the site was seen. A declared endpoint behind a wall is an
 * endpoint not reached ({@code UNREACHABLE}), so such a domain is {@link #ENDPOINT_UNREACHABLE}.
 */
public enum DomainVerdict implements Coded {
    /**
     * Nothing declares MPP: no ai-agent.json field, Link, payable OpenAPI operation or {@code /.well-known/x402}
     * entry, and no answer the census received carried a valid Payment challenge ({@link #UNDECLARED_MPP}).
     */
    NOT_DECLARED,
    /** A declared endpoint answered with a valid Payment challenge. */
    VERIFIED,
    /** Declared endpoints answered, but not with payment terms (a stub at the declared URL). */
    STUB,
    /** MPP declared, but the endpoint speaks only x402 (MPP confused with x402). */
    X402_CONFUSED,
    /** The best endpoint wants credentials of another scheme (401, or 403 with another challenge) first. */
    AUTH_REQUIRED,
    /** The best endpoint rejected the census's requests as invalid input (400/422), even with a filled body. */
    NEEDS_INPUT,
    /** The declaration is unusable, or the endpoint's Payment challenges break the rules. */
    INVALID,
    /** MPP declared, but no declared endpoint could be reached or was allowed to be probed. */
    ENDPOINT_UNREACHABLE,
    /** The site itself could not be reached, so nothing is known. */
    SITE_UNREACHABLE,
    /** MPP declared, endpoints not probed. */
    DECLARED_UNCHECKED,
    /**
     * Nothing declares MPP, but the site speaks it: some answer the census received (its homepage, a
     * well-known or OpenAPI path, a redirect target, the probe of an OpenAPI operation that declares a 402
     * response without {@code x-payment-info}) carried a valid Payment challenge. Support exists but isn't
     * declared: agents never learn of it.
     */
    UNDECLARED_MPP,
    /**
     * The site answered, but every check met a bot wall ({@link BotWalls}): nothing of the site itself was
     * seen, so whether it declares MPP is unknown. Never counted as a site without MPP.
     */
    UNSEEN;

    /** Lowercase snake-case name for storage and reports, e.g. {@code x402_confused}. */
    @Override
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Derives the verdict; see the class table.
     *
     * @param siteReachable       whether the site answered at all
     * @param everyCheckWalled    whether every check that got an answer met a bot wall
     *                            ({@link SiteWalls#everyCheckWalled()})
     * @param speaksMppUndeclared whether some answer at a URL no declaration names carried a valid Payment
     *                            challenge ({@link UndeclaredEndpoint}); it decides only between
     *                            {@link #UNDECLARED_MPP}, {@link #UNSEEN} and {@link #NOT_DECLARED}: a domain
     *                            with a declaration keeps the verdict its declaration gets
     * @param mppDeclared         whether a usable MPP endpoint was declared (ai-agent.json, Link, OpenAPI,
     *                            {@code /.well-known/x402})
     * @param declarationInvalid  whether some MPP declaration was present but unusable
     * @param bestEndpointVerdict the best verdict over the probed endpoints ({@link EndpointVerdict#best}),
     *                            {@code null} when no endpoint was probed
     */
    public static DomainVerdict from(boolean siteReachable, boolean everyCheckWalled, boolean speaksMppUndeclared,
                                     boolean mppDeclared, boolean declarationInvalid,
                                     EndpointVerdict bestEndpointVerdict) {
        if (!siteReachable) {
            return SITE_UNREACHABLE;
        }
        if (!mppDeclared && !declarationInvalid) {
            return speaksMppUndeclared ? UNDECLARED_MPP : everyCheckWalled ? UNSEEN : NOT_DECLARED;
        }
        if (bestEndpointVerdict == EndpointVerdict.VERIFIED_MPP) {
            return VERIFIED;
        }
        if (bestEndpointVerdict == EndpointVerdict.INVALID_CHALLENGE || declarationInvalid) {
            return INVALID;
        }
        if (bestEndpointVerdict == null) {
            return DECLARED_UNCHECKED;
        }
        return switch (bestEndpointVerdict) {
            case X402_ONLY -> X402_CONFUSED;
            case AUTH_REQUIRED -> AUTH_REQUIRED;
            case NEEDS_INPUT -> NEEDS_INPUT;
            case STUB -> STUB;
            case UNREACHABLE, BLOCKED -> ENDPOINT_UNREACHABLE;
            case VERIFIED_MPP -> VERIFIED;
            case INVALID_CHALLENGE -> INVALID;
        };
    }
}
