package dev.mppcensus.detection;

import java.math.BigDecimal;
import java.util.regex.Pattern;

/**
 * An amount as an offer writes it, checked: either its value or why it is unusable. An unusable amount is
 * kept as given and left out of every derived number. Reasons, in the order they are judged:
 * {@value #NOT_A_NUMBER} (also for an empty text, a sign {@code +}, spaces, or hexadecimal),
 * {@value #EXPONENT} ({@code 1e6}), {@value #NEGATIVE}, {@value #TOO_LONG} (more digits than the largest
 * 256-bit integer has, the widest amount a chain holds), {@value #DECIMALS_IN_BASE_UNITS} ({@code 0.5} where an
 * integer of base units is required).
 *
 * @param value  the amount's value, or {@code null} when it is unusable
 * @param reason why it is unusable, or {@code null}
 */
public record Amount(BigDecimal value, String reason) {

    public static final String NOT_A_NUMBER = "not a number";
    public static final String EXPONENT = "exponent notation";
    public static final String NEGATIVE = "negative";
    public static final String TOO_LONG = "over 78 digits";
    public static final String DECIMALS_IN_BASE_UNITS = "decimals where base units are required";

    /** Digits of 2^256 - 1, the largest amount an EVM or TIP-20 token can hold. */
    public static final int MAX_DIGITS = 78;

    private static final Pattern DECIMAL = Pattern.compile("-?[0-9]+(\\.[0-9]+)?");
    private static final Pattern EXPONENT_FORM = Pattern.compile("[+-]?([0-9]+\\.?[0-9]*|\\.[0-9]+)[eE][+-]?[0-9]+");

    /**
     * Checks {@code text}, written in {@code unit}.
     *
     * @param text the amount as given; {@code null} gives {@code null} (no amount)
     * @return the checked amount, or {@code null} for {@code null}; never throws
     */
    public static Amount of(String text, PaymentOffer.AmountUnit unit) {
        if (text == null) {
            return null;
        }
        if (EXPONENT_FORM.matcher(text).matches()) {
            return invalid(EXPONENT);
        }
        if (!DECIMAL.matcher(text).matches()) {
            return invalid(NOT_A_NUMBER);
        }
        if (text.startsWith("-")) {
            return invalid(NEGATIVE);
        }
        int dot = text.indexOf('.');
        int digits = text.length() - (dot < 0 ? 0 : 1);
        if (digits > MAX_DIGITS) {
            return invalid(TOO_LONG);
        }
        if (dot >= 0 && unit == PaymentOffer.AmountUnit.BASE_UNITS) {
            return invalid(DECIMALS_IN_BASE_UNITS);
        }
        return new Amount(new BigDecimal(text), null);
    }

    private static Amount invalid(String reason) {
        return new Amount(null, reason);
    }

    /** Whether the amount has a value. */
    public boolean usable() {
        return value != null;
    }
}
