package com.rayo.protocol.rayo;

import java.util.regex.Pattern;

import com.rayo.protocol.xml.XmlElement;

/**
 * {@code <dtmf/>} of urn:xmpp:rayo:1: with {@code tones} a command (send these RFC 4733 digits
 * to the call's far end), with {@code signal} the event of one digit the far end sent.
 */
public record Dtmf(String tones, String signal) implements RayoElement {
    public static final String ELEMENT = "dtmf";
    /** The sixteen DTMF keys; tones are case-insensitive. */
    private static final Pattern KEYS = Pattern.compile("[0-9*#A-Da-d]+");
    private static final int MAX_TONES = 64;

    public static final ElementProvider<Dtmf> PROVIDER = e -> {
        Attrs.onlyChildren(e);
        return new Dtmf(e.attr("tones"), e.attr("signal"));
    };

    public Dtmf {
        if ((tones == null) == (signal == null)) throw new RayoParseException("<dtmf> needs either tones (a command) or signal (an event)");
        if (tones != null && (tones.length() > MAX_TONES || !KEYS.matcher(tones).matches())) {
            throw new RayoParseException("<dtmf> tones must be 1-" + MAX_TONES + " of 0-9 * # A-D, not '" + tones + "'");
        }
        if (signal != null && (signal.length() != 1 || !KEYS.matcher(signal).matches())) throw new RayoParseException("<dtmf> signal must be one DTMF key, not '" + signal + "'");
    }

    public static Dtmf tones(String tones) { return new Dtmf(tones, null); }
    public static Dtmf signal(char key) { return new Dtmf(null, String.valueOf(key)); }

    public boolean isCommand() { return tones != null; }

    @Override public XmlElement toXml() {
        return XmlElement.builder(ELEMENT, RayoNamespaces.CORE).attr("tones", tones).attr("signal", signal).build();
    }
}
