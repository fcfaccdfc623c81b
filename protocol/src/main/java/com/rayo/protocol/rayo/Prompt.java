package com.rayo.protocol.rayo;

import com.rayo.protocol.xml.XmlElement;

/** Component: an output followed by (or barged into by) an input. */
public record Prompt(Boolean bargeIn, Output output, Input input) implements RayoElement {
    public static final String ELEMENT = "prompt";
    public static final ElementProvider<Prompt> PROVIDER = e -> {
        for (XmlElement c : e.elements()) {
            if (!c.is(Output.ELEMENT, RayoNamespaces.OUTPUT) && !c.is(Input.ELEMENT, RayoNamespaces.INPUT)) {
                throw new RayoParseException("<prompt> takes only <output> and <input>, got <" + c.name() + "> in namespace " + c.namespace());
            }
        }
        XmlElement out = e.child(Output.ELEMENT, RayoNamespaces.OUTPUT);
        XmlElement in = e.child(Input.ELEMENT, RayoNamespaces.INPUT);
        if (out == null || in == null) throw new RayoParseException("<prompt> needs one <output> and one <input>");
        return new Prompt(Attrs.bool(e, "barge-in"), Output.PROVIDER.parse(out), Input.PROVIDER.parse(in));
    };

    @Override public XmlElement toXml() {
        return XmlElement.builder(ELEMENT, RayoNamespaces.PROMPT).attr("barge-in", bargeIn).child(output.toXml()).child(input.toXml()).build();
    }
}
