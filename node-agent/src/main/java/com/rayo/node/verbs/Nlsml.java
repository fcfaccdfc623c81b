package com.rayo.node.verbs;

import com.rayo.protocol.rayo.RayoNamespaces;
import com.rayo.protocol.xml.XmlElement;

/** An input's match as XEP-0327 shows it: {@code <match content-type='application/nlsml+xml'>} holding the NLSML result. */
final class Nlsml {
    private Nlsml() {}

    static XmlElement match(String grammar, String keys, String interpretation) {
        StringBuilder spaced = new StringBuilder();
        for (char k : keys.toCharArray()) spaced.append(spaced.length() == 0 ? "" : " ").append(k);
        String result = "<result xmlns=\"http://www.ietf.org/xml/ns/mrcpv2\" grammar=\"" + esc(grammar) + "\">"
                + "<interpretation grammar=\"" + esc(grammar) + "\" confidence=\"100\">"
                + "<input mode=\"dtmf\" confidence=\"100\">" + esc(spaced.toString()) + "</input>"
                + "<instance>" + esc(interpretation) + "</instance>"
                + "</interpretation></result>";
        return XmlElement.builder("match", RayoNamespaces.INPUT_COMPLETE).attr("content-type", "application/nlsml+xml").text(result).build();
    }

    private static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
