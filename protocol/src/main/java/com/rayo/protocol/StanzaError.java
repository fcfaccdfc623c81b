package com.rayo.protocol;

import com.rayo.protocol.xml.XmlElement;

/** RFC 6120 §8.3 stanza errors the gateway and nodes use, each with its default type. */
public enum StanzaError {
    BAD_REQUEST("bad-request", "modify"),
    CONFLICT("conflict", "cancel"),
    FEATURE_NOT_IMPLEMENTED("feature-not-implemented", "cancel"),
    FORBIDDEN("forbidden", "auth"),
    INTERNAL_SERVER_ERROR("internal-server-error", "wait"),
    ITEM_NOT_FOUND("item-not-found", "cancel"),
    NOT_ALLOWED("not-allowed", "cancel"),
    NOT_ACCEPTABLE("not-acceptable", "modify"),
    POLICY_VIOLATION("policy-violation", "modify"),
    RECIPIENT_UNAVAILABLE("recipient-unavailable", "wait"),
    REMOTE_SERVER_NOT_FOUND("remote-server-not-found", "cancel"),
    REMOTE_SERVER_TIMEOUT("remote-server-timeout", "wait"),
    RESOURCE_CONSTRAINT("resource-constraint", "wait"),
    SERVICE_UNAVAILABLE("service-unavailable", "cancel"),
    UNEXPECTED_REQUEST("unexpected-request", "wait");

    public static final String NAMESPACE = "urn:ietf:params:xml:ns:xmpp-stanzas";

    private final String condition;
    private final String defaultType;

    StanzaError(String condition, String defaultType) {
        this.condition = condition;
        this.defaultType = defaultType;
    }

    public String condition() { return condition; }
    public String defaultType() { return defaultType; }

    public static StanzaError fromCondition(String condition) {
        for (StanzaError e : values()) if (e.condition.equals(condition)) return e;
        return null;
    }

    /** The {@code <error/>} child: condition, optional text (said to humans: what is wrong). */
    public XmlElement toXml(String namespace, String type, String text) {
        XmlElement.Builder b = XmlElement.builder("error", namespace).attr("type", type == null ? defaultType : type)
                .child(XmlElement.builder(condition, NAMESPACE).build());
        if (text != null) b.child(XmlElement.builder("text", NAMESPACE).attr("xml:lang", "en").text(text).build());
        return b.build();
    }
}
