package dev.mppcensus.detection;

import java.util.Locale;

/**
 * A bot-management vendor whose challenge or block answers {@link BotWalls} recognises. Stored and
 * exported as {@link #code()}.
 */
public enum BotVendor implements Coded {
    /** Cloudflare (challenge pages, firewall block pages). */
    CLOUDFLARE("Cloudflare"),
    /** Akamai (edge "Access Denied" answers of its WAF and Bot Manager). */
    AKAMAI("Akamai"),
    /** AWS WAF (Challenge and CAPTCHA rule actions). */
    AWS_WAF("AWS WAF"),
    /** DataDome (captcha and device-check answers). */
    DATADOME("DataDome"),
    /** Vercel (Vercel Security Checkpoint of its firewall). */
    VERCEL("Vercel"),
    /** Imperva, formerly Incapsula (Cloud WAF block and challenge pages). */
    IMPERVA("Imperva (Incapsula)"),
    /** Sucuri Website Firewall (block pages and its JavaScript challenge). */
    SUCURI("Sucuri"),
    /** HUMAN Security, formerly PerimeterX (its enforcers' block and "Press & Hold" pages). */
    PERIMETERX("HUMAN (PerimeterX)"),
    /** Kasada (its 429 answers and interstitial). */
    KASADA("Kasada"),
    /** F5 BIG-IP Application Security Manager / Advanced WAF (its blocking response page). */
    F5("F5 BIG-IP ASM");

    private final String displayName;

    BotVendor(String displayName) {
        this.displayName = displayName;
    }

    /** Lowercase snake-case name for storage and reports, e.g. {@code aws_waf}. */
    @Override
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The vendor's name as people write it, for details and reports, e.g. {@code AWS WAF}. */
    public String displayName() {
        return displayName;
    }
}
