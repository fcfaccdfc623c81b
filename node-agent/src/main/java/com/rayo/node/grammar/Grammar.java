package com.rayo.node.grammar;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A DTMF grammar compiled to a pattern over the keys pressed so far. Deciding after each key
 * is then one question: is the input a match, could more keys make (or extend) one, or neither.
 *
 * @param id          how the NLSML result names it
 * @param pattern     the keys it accepts
 * @param interpreter the semantic value of a match ({@code instance} in NLSML)
 */
public record Grammar(String id, Pattern pattern, java.util.function.UnaryOperator<String> interpreter) {
    public enum Status {
        /** A match that no further key can extend: complete now. */
        MATCH,
        /** A match that more keys could extend (digits with no fixed length): wait for the inter-digit timeout. */
        MATCH_MORE,
        /** Not yet a match, but more keys could make one. */
        PREFIX,
        /** No continuation matches: the input can never match this grammar. */
        NONE
    }

    public Status status(String keys) {
        Matcher m = pattern.matcher(keys);
        boolean full = m.matches();
        boolean more = m.hitEnd();
        if (full) return more ? Status.MATCH_MORE : Status.MATCH;
        return more ? Status.PREFIX : Status.NONE;
    }

    public String interpret(String keys) { return interpreter.apply(keys); }
}
