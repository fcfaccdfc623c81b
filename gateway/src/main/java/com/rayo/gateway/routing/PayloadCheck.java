package com.rayo.gateway.routing;

import com.rayo.protocol.StanzaError;
import com.rayo.protocol.rayo.RayoElement;
import com.rayo.protocol.rayo.RayoNamespaces;
import com.rayo.protocol.rayo.RayoParseException;
import com.rayo.protocol.rayo.RayoProviders;
import com.rayo.protocol.xml.XmlElement;

/** Validates an application's request payload; the refusal says exactly what is wrong. */
record PayloadCheck(RayoElement element, StanzaError error, String text) {
    static PayloadCheck of(XmlElement payload) {
        if (payload == null) return new PayloadCheck(null, StanzaError.BAD_REQUEST, "the request has no payload");
        try {
            RayoElement e = RayoProviders.parse(payload);
            if (e != null) return new PayloadCheck(e, null, null);
        } catch (RayoParseException ex) {
            return new PayloadCheck(null, StanzaError.BAD_REQUEST, ex.getMessage());
        }
        if (RayoNamespaces.isRayo(payload.namespace())) {
            return new PayloadCheck(null, StanzaError.FEATURE_NOT_IMPLEMENTED, "unknown Rayo element <" + payload.name() + "> in " + payload.namespace());
        }
        return new PayloadCheck(null, StanzaError.SERVICE_UNAVAILABLE, "the gateway does not serve namespace '" + payload.namespace() + "'");
    }

    boolean ok() { return element != null; }
}
