package dev.mppcensus.report;

import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;

/**
 * Inline SVG charts for the HTML report, drawn server-side from plain numbers: no scripts, no fonts
 * beyond the reader's sans-serif. Every method returns one {@code <svg>} element.
 */
final class SvgCharts {

    /** One named series of values, one per x position ({@code null} where there is no value). */
    record Series(String name, String color, List<? extends Number> values) {
    }

    /** One labelled bar. */
    record Bar(String label, double value, String color, String note) {
    }

    /** One named group of positive values, for a histogram. */
    record Values(String name, String color, List<BigDecimal> values) {
    }

    /** The bins of each decade of a log-scale histogram: from 1, 2 and 5 times a power of ten. */
    private static final int[] BIN_STARTS = {1, 2, 5};

    private static final int WIDTH = 900;
    private static final int LEFT = 64;
    private static final int RIGHT = 190;
    private static final int TOP = 16;
    private static final int BOTTOM = 44;

    private SvgCharts() {
    }

    /** Lines over x labels (dates); values are fractions shown as percentages. */
    static String lineChart(String title, List<String> labels, List<Series> series, int height) {
        double max = 0;
        for (Series s : series) {
            for (Number v : s.values()) {
                max = v == null ? max : Math.max(max, v.doubleValue());
            }
        }
        double top = 4 * niceCeiling((max == 0 ? 0.01 : max * 1.05) / 4);
        StringBuilder svg = open(title, height);
        int plotWidth = WIDTH - LEFT - RIGHT;
        int plotHeight = height - TOP - BOTTOM;
        axes(svg, labels, top, plotWidth, plotHeight, true);
        int n = labels.size();
        for (int k = 0; k < series.size(); k++) {
            Series s = series.get(k);
            StringBuilder points = new StringBuilder();
            for (int i = 0; i < n; i++) {
                Number v = s.values().get(i);
                if (v == null) {
                    continue;
                }
                double x = xAt(i, n, plotWidth);
                double y = TOP + plotHeight - v.doubleValue() / top * plotHeight;
                points.append(fmt(x)).append(',').append(fmt(y)).append(' ');
                if (n <= 60) {
                    svg.append("<circle cx=\"").append(fmt(x)).append("\" cy=\"").append(fmt(y))
                            .append("\" r=\"3\" fill=\"").append(s.color()).append("\"/>");
                }
            }
            svg.append("<polyline fill=\"none\" stroke-width=\"2\" stroke=\"").append(s.color())
                    .append("\" points=\"").append(points.toString().strip()).append("\"/>");
            legend(svg, k, s.name(), s.color());
        }
        return svg.append("</svg>").toString();
    }

    /** Stacked bars of counts, one bar per x label. */
    static String stackedBars(String title, List<String> labels, List<Series> series, int height) {
        int n = labels.size();
        double max = 0;
        for (int i = 0; i < n; i++) {
            double sum = 0;
            for (Series s : series) {
                Number v = s.values().get(i);
                sum += v == null ? 0 : v.doubleValue();
            }
            max = Math.max(max, sum);
        }
        double top = 4 * Math.max(1, Math.ceil(niceCeiling((max == 0 ? 1 : max * 1.05) / 4)));
        StringBuilder svg = open(title, height);
        int plotWidth = WIDTH - LEFT - RIGHT;
        int plotHeight = height - TOP - BOTTOM;
        axes(svg, labels, top, plotWidth, plotHeight, false);
        double slot = (double) plotWidth / Math.max(n, 1);
        double barWidth = Math.max(1, slot * 0.7);
        for (int i = 0; i < n; i++) {
            double base = TOP + plotHeight;
            for (Series s : series) {
                Number v = s.values().get(i);
                if (v == null || v.doubleValue() <= 0) {
                    continue;
                }
                double h = v.doubleValue() / top * plotHeight;
                base -= h;
                svg.append("<rect x=\"").append(fmt(LEFT + i * slot + (slot - barWidth) / 2)).append("\" y=\"")
                        .append(fmt(base)).append("\" width=\"").append(fmt(barWidth)).append("\" height=\"")
                        .append(fmt(h)).append("\" fill=\"").append(s.color()).append("\"><title>")
                        .append(Html.escape(labels.get(i) + " " + s.name() + ": " + v)).append("</title></rect>");
            }
        }
        for (int k = 0; k < series.size(); k++) {
            legend(svg, k, series.get(k).name(), series.get(k).color());
        }
        return svg.append("</svg>").toString();
    }

    /** Horizontal bars, longest first as given, each with its value and an optional note. */
    static String horizontalBars(String title, List<Bar> bars) {
        int rowHeight = 26;
        int height = Math.max(1, bars.size()) * rowHeight + 16;
        int labelWidth = 150;
        int barArea = WIDTH - labelWidth - 220;
        double max = bars.stream().mapToDouble(Bar::value).max().orElse(1);
        StringBuilder svg = open(title, height);
        if (bars.isEmpty()) {
            svg.append("<text x=\"8\" y=\"24\" class=\"muted\">none</text>");
        }
        for (int i = 0; i < bars.size(); i++) {
            Bar bar = bars.get(i);
            double y = 8 + i * rowHeight;
            double w = max <= 0 ? 0 : bar.value() / max * barArea;
            svg.append("<text x=\"").append(labelWidth - 8).append("\" y=\"").append(fmt(y + 17))
                    .append("\" text-anchor=\"end\">").append(Html.escape(bar.label())).append("</text>");
            svg.append("<rect x=\"").append(labelWidth).append("\" y=\"").append(fmt(y + 4)).append("\" width=\"")
                    .append(fmt(Math.max(w, 1))).append("\" height=\"18\" fill=\"").append(bar.color()).append("\"/>");
            svg.append("<text x=\"").append(fmt(labelWidth + Math.max(w, 1) + 6)).append("\" y=\"").append(fmt(y + 17))
                    .append("\">").append(Html.escape(bar.note())).append("</text>");
        }
        return svg.append("</svg>").toString();
    }

    /**
     * A histogram of positive values on a logarithmic x axis: one tick per power of ten (labelled with
     * {@code unit} before the number, as {@code $0.01}), three bins per decade (from 1, 2 and 5 times the
     * power of ten, so equal ratios have equal widths), the groups stacked in each bin. Values that are zero
     * or negative cannot be placed on a log scale and are skipped. Bins are found from the decimal digits,
     * never by floating-point logarithms, so a value on a bin's edge lands in that bin.
     */
    static String logHistogram(String title, String unit, List<Values> groups, int height) {
        int lowest = Integer.MAX_VALUE;
        int highest = Integer.MIN_VALUE;
        for (Values group : groups) {
            for (BigDecimal v : group.values()) {
                if (v.signum() > 0) {
                    lowest = Math.min(lowest, exponent(v));
                    highest = Math.max(highest, exponent(v));
                }
            }
        }
        StringBuilder svg = open(title, height);
        if (lowest == Integer.MAX_VALUE) {
            return svg.append("<text x=\"8\" y=\"24\" class=\"muted\">none</text></svg>").toString();
        }
        int decades = highest + 1 - lowest;
        long[][] counts = new long[groups.size()][decades * BIN_STARTS.length];
        for (int g = 0; g < groups.size(); g++) {
            for (BigDecimal v : groups.get(g).values()) {
                if (v.signum() > 0) {
                    counts[g][bin(v, lowest)]++;
                }
            }
        }
        long max = 0;
        for (int b = 0; b < decades * BIN_STARTS.length; b++) {
            long sum = 0;
            for (long[] group : counts) {
                sum += group[b];
            }
            max = Math.max(max, sum);
        }
        double top = 4 * Math.max(1, Math.ceil(niceCeiling(max * 1.05 / 4)));
        int plotWidth = WIDTH - LEFT - RIGHT;
        int plotHeight = height - TOP - BOTTOM;
        for (int t = 0; t <= 4; t++) {
            double y = TOP + plotHeight - (double) plotHeight * t / 4;
            svg.append("<line x1=\"").append(LEFT).append("\" x2=\"").append(LEFT + plotWidth).append("\" y1=\"")
                    .append(fmt(y)).append("\" y2=\"").append(fmt(y)).append("\" class=\"grid\"/>");
            svg.append("<text x=\"").append(LEFT - 6).append("\" y=\"").append(fmt(y + 4))
                    .append("\" text-anchor=\"end\" class=\"tick\">").append(countLabel(top * t / 4)).append("</text>");
        }
        double decadeWidth = (double) plotWidth / decades;
        for (int d = 0; d <= decades; d++) {
            double x = LEFT + d * decadeWidth;
            svg.append("<line x1=\"").append(fmt(x)).append("\" x2=\"").append(fmt(x)).append("\" y1=\"")
                    .append(TOP + plotHeight).append("\" y2=\"").append(TOP + plotHeight + 5).append("\" class=\"axis\"/>");
            svg.append("<text x=\"").append(fmt(x)).append("\" y=\"").append(TOP + plotHeight + 18)
                    .append("\" text-anchor=\"middle\" class=\"tick\">")
                    .append(Html.escape(unit + BigDecimal.ONE.scaleByPowerOfTen(lowest + d).toPlainString()))
                    .append("</text>");
        }
        svg.append("<line x1=\"").append(LEFT).append("\" x2=\"").append(LEFT + plotWidth).append("\" y1=\"")
                .append(TOP + plotHeight).append("\" y2=\"").append(TOP + plotHeight).append("\" class=\"axis\"/>");
        for (int b = 0; b < decades * BIN_STARTS.length; b++) {
            int decade = lowest + b / BIN_STARTS.length;
            int start = BIN_STARTS[b % BIN_STARTS.length];
            int end = b % BIN_STARTS.length == BIN_STARTS.length - 1 ? 10 : BIN_STARTS[b % BIN_STARTS.length + 1];
            double x0 = LEFT + (b / BIN_STARTS.length + Math.log10(start)) * decadeWidth;
            double x1 = LEFT + (b / BIN_STARTS.length + Math.log10(end)) * decadeWidth;
            String range = unit + BigDecimal.valueOf(start).scaleByPowerOfTen(decade).stripTrailingZeros().toPlainString()
                    + " to under " + unit
                    + BigDecimal.valueOf(end).scaleByPowerOfTen(decade).stripTrailingZeros().toPlainString();
            double base = TOP + plotHeight;
            for (int g = 0; g < groups.size(); g++) {
                long n = counts[g][b];
                if (n == 0) {
                    continue;
                }
                double h = n / top * plotHeight;
                base -= h;
                svg.append("<rect x=\"").append(fmt(x0 + 1)).append("\" y=\"").append(fmt(base))
                        .append("\" width=\"").append(fmt(Math.max(1, x1 - x0 - 2))).append("\" height=\"")
                        .append(fmt(h)).append("\" fill=\"").append(groups.get(g).color()).append("\"><title>")
                        .append(Html.escape(range + ", " + groups.get(g).name() + ": " + n)).append("</title></rect>");
            }
        }
        for (int g = 0; g < groups.size(); g++) {
            legend(svg, g, groups.get(g).name(), groups.get(g).color());
        }
        return svg.append("</svg>").toString();
    }

    /** The power of ten of {@code value}'s leading digit: -2 for 0.05, 0 for 2, 1 for 10. */
    private static int exponent(BigDecimal value) {
        BigDecimal plain = value.stripTrailingZeros();
        return plain.precision() - plain.scale() - 1;
    }

    /** The bin of a positive value, counted from the first bin of decade {@code lowest}. */
    private static int bin(BigDecimal value, int lowest) {
        int exponent = exponent(value);
        BigDecimal mantissa = value.stripTrailingZeros().scaleByPowerOfTen(-exponent);
        int within = BIN_STARTS.length - 1;
        while (mantissa.compareTo(BigDecimal.valueOf(BIN_STARTS[within])) < 0) {
            within--;
        }
        return (exponent - lowest) * BIN_STARTS.length + within;
    }

    private static StringBuilder open(String title, int height) {
        return new StringBuilder("<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" width=\"").append(WIDTH)
                .append("\" height=\"").append(height).append("\" viewBox=\"0 0 ").append(WIDTH).append(' ')
                .append(height).append("\"><title>").append(Html.escape(title)).append("</title>");
    }

    private static void axes(StringBuilder svg, List<String> labels, double top, int plotWidth, int plotHeight,
            boolean percent) {
        for (int t = 0; t <= 4; t++) {
            double value = top * t / 4;
            double y = TOP + plotHeight - (double) plotHeight * t / 4;
            svg.append("<line x1=\"").append(LEFT).append("\" x2=\"").append(LEFT + plotWidth).append("\" y1=\"")
                    .append(fmt(y)).append("\" y2=\"").append(fmt(y)).append("\" class=\"grid\"/>");
            svg.append("<text x=\"").append(LEFT - 6).append("\" y=\"").append(fmt(y + 4))
                    .append("\" text-anchor=\"end\" class=\"tick\">")
                    .append(percent ? percentLabel(value, top / 4) : countLabel(value)).append("</text>");
        }
        int n = labels.size();
        int every = Math.max(1, (int) Math.ceil(n / 8.0));
        for (int i = 0; i < n; i += every) {
            double x = percent ? xAt(i, n, plotWidth) : LEFT + (i + 0.5) * plotWidth / Math.max(n, 1);
            svg.append("<text x=\"").append(fmt(x)).append("\" y=\"").append(TOP + plotHeight + 18)
                    .append("\" text-anchor=\"middle\" class=\"tick\">").append(Html.escape(labels.get(i)))
                    .append("</text>");
        }
        svg.append("<line x1=\"").append(LEFT).append("\" x2=\"").append(LEFT + plotWidth).append("\" y1=\"")
                .append(TOP + plotHeight).append("\" y2=\"").append(TOP + plotHeight).append("\" class=\"axis\"/>");
    }

    private static void legend(StringBuilder svg, int index, String name, String color) {
        int x = WIDTH - RIGHT + 16;
        int y = TOP + 8 + index * 22;
        svg.append("<rect x=\"").append(x).append("\" y=\"").append(y).append("\" width=\"14\" height=\"14\" fill=\"")
                .append(color).append("\"/><text x=\"").append(x + 20).append("\" y=\"").append(y + 12).append("\">")
                .append(Html.escape(name)).append("</text>");
    }

    private static double xAt(int i, int n, int plotWidth) {
        return n <= 1 ? LEFT + plotWidth / 2.0 : LEFT + 12 + (double) i * (plotWidth - 24) / (n - 1);
    }

    /** 1, 2 or 5 times a power of ten, at least {@code value}. */
    static double niceCeiling(double value) {
        double power = Math.pow(10, Math.floor(Math.log10(value)));
        for (double step : new double[] {1, 2, 2.5, 5, 10}) {
            if (step * power >= value - 1e-12) {
                return step * power;
            }
        }
        return 10 * power;
    }

    /** {@code fraction} as a percentage with as many decimals as the tick {@code step} needs. */
    private static String percentLabel(double fraction, double step) {
        double stepPercent = step * 100;
        int decimals = stepPercent >= 1 && stepPercent == Math.rint(stepPercent) ? 0
                : Math.max(0, (int) Math.ceil(-Math.log10(stepPercent)) + 1);
        return String.format(Locale.ROOT, "%." + Math.min(decimals, 4) + "f%%", fraction * 100);
    }

    private static String countLabel(double value) {
        return value == Math.rint(value) ? String.format(Locale.ROOT, "%.0f", value)
                : String.format(Locale.ROOT, "%.1f", value);
    }

    private static String fmt(double value) {
        return String.format(Locale.ROOT, "%.1f", value);
    }
}
