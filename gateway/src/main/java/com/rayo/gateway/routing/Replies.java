package com.rayo.gateway.routing;

import com.rayo.protocol.Stanza;
import com.rayo.protocol.xml.XmlElement;

/** Turning a node's answer into the application's answer to its own request. */
public final class Replies {
    private Replies() {}

    /** The node's error, condition and text (node names hidden), as the reply to the original request. */
    public static Stanza copyError(Stanza original, Stanza nodeError, java.util.function.UnaryOperator<String> hideNodes) {
        XmlElement err = nodeError.element().child("error", nodeError.element().namespace());
        if (err == null) return original.errorReply(com.rayo.protocol.StanzaError.INTERNAL_SERVER_ERROR, "the node answered with an error without details");
        XmlElement.Builder b = XmlElement.builder("iq", original.element().namespace()).attr("type", "error")
                .attr("from", original.element().attr("to")).attr("to", original.element().attr("from")).attr("id", original.id());
        b.child(err.mapStrings(hideNodes));
        return new Stanza(b.build());
    }
}
