package com.rayo.protocol.rayo;

/** XEP-0327 namespaces plus this project's cluster namespace. */
public final class RayoNamespaces {
    private RayoNamespaces() {}

    public static final String CORE = "urn:xmpp:rayo:1";
    public static final String EXT = "urn:xmpp:rayo:ext:1";
    public static final String EXT_COMPLETE = "urn:xmpp:rayo:ext:complete:1";
    public static final String OUTPUT = "urn:xmpp:rayo:output:1";
    public static final String OUTPUT_COMPLETE = "urn:xmpp:rayo:output:complete:1";
    public static final String INPUT = "urn:xmpp:rayo:input:1";
    public static final String INPUT_COMPLETE = "urn:xmpp:rayo:input:complete:1";
    public static final String RECORD = "urn:xmpp:rayo:record:1";
    public static final String RECORD_COMPLETE = "urn:xmpp:rayo:record:complete:1";
    public static final String PROMPT = "urn:xmpp:rayo:prompt:1";
    /** Node presence payload between nodes and gateways. */
    public static final String CLUSTER = "urn:xmpp:rayo:cluster:1";

    /** Whether a namespace belongs to Rayo (core, components, completions). */
    public static boolean isRayo(String ns) {
        return ns != null && ns.startsWith("urn:xmpp:rayo:") && !ns.equals(CLUSTER);
    }
}
