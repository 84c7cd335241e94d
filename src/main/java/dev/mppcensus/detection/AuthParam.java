package dev.mppcensus.detection;

/**
 * One auth-param of a challenge (RFC 9110 section 11.2).
 *
 * @param name  the parameter name, lowercased
 * @param value the value: a token as received, or a quoted-string without quotes and backslash escapes
 */
public record AuthParam(String name, String value) {

    public AuthParam {
        name = name == null ? "" : name;
        value = value == null ? "" : value;
    }
}
