package dev.mppcensus.detection;

import java.util.Base64;

/** Strict and lenient base64 decoding for values found in headers. */
final class Base64Text {

    private Base64Text() {
    }

    /**
     * Decodes unpadded base64url (RFC 4648 section 5): only {@code A-Z a-z 0-9 - _}, no {@code =},
     * length mod 4 not 1, non-empty.
     *
     * @return the bytes, or {@code null} if the text breaks a rule or decodes to more than {@code maxBytes}
     */
    static byte[] decodeUnpaddedUrl(String text, int maxBytes) {
        if (text == null || text.isEmpty() || text.length() % 4 == 1) {
            return null;
        }
        if ((long) text.length() * 3 / 4 > maxBytes) {
            return null;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean ok = c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_';
            if (!ok) {
                return null;
            }
        }
        try {
            return Base64.getUrlDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** Whether the text is a well-formed unpadded base64url string of any length. */
    static boolean isUnpaddedUrl(String text) {
        return decodeUnpaddedUrl(text, Integer.MAX_VALUE) != null;
    }

    /**
     * Whether the text is non-empty base64 in the standard alphabet (RFC 4648 section 4: {@code A-Z a-z
     * 0-9 + /}), either padded with {@code =} to a multiple of four or unpadded (length mod 4 not 1).
     */
    static boolean isStandard(String text) {
        if (text == null || text.isEmpty()) {
            return false;
        }
        int end = text.length();
        int padding = 0;
        while (end > 0 && text.charAt(end - 1) == '=' && padding < 2) {
            end--;
            padding++;
        }
        if (end == 0 || (padding > 0 ? text.length() % 4 != 0 : end % 4 == 1)) {
            return false;
        }
        for (int i = 0; i < end; i++) {
            char c = text.charAt(i);
            boolean ok = c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '+' || c == '/';
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /**
     * Decodes base64 in the standard or the URL alphabet, with or without padding, ignoring whitespace.
     *
     * @return the bytes, or {@code null} if not base64 or larger than {@code maxBytes}
     */
    static byte[] decodeLenient(String text, int maxBytes) {
        if (text == null) {
            return null;
        }
        StringBuilder b = new StringBuilder(Math.min(text.length(), maxBytes * 2));
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (HttpSyntax.isWhitespace(c) || c == '=') {
                continue;
            }
            if (c == '-') {
                c = '+';
            } else if (c == '_') {
                c = '/';
            }
            boolean ok = c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '+' || c == '/';
            if (!ok) {
                return null;
            }
            b.append(c);
            if ((long) b.length() * 3 / 4 > maxBytes) {
                return null;
            }
        }
        if (b.isEmpty() || b.length() % 4 == 1) {
            return null;
        }
        try {
            return Base64.getDecoder().decode(b.append("==".substring(0, (4 - b.length() % 4) % 4)).toString());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
