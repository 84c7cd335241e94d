package dev.mppcensus.report;

import org.springframework.web.util.HtmlUtils;

/** HTML text escaping for the report. */
final class Html {

    private Html() {
    }

    /** {@code text} with {@code & < > " '} escaped (Spring's {@link HtmlUtils}); {@code null} becomes "". */
    static String escape(String text) {
        return text == null ? "" : HtmlUtils.htmlEscape(text, "UTF-8");
    }
}
