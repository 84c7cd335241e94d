package dev.mppcensus.detection;

/**
 * An outcome known by a short lowercase code, e.g. {@code verified_mpp}: the form in which it is stored,
 * exported and reported. Codes are a contract like field names: new ones may be added, none renamed.
 */
public interface Coded {

    /** The code, lowercase snake case. */
    String code();
}
