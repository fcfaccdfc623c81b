package com.rayo.protocol.rayo;

import java.util.List;

import com.rayo.protocol.xml.XmlElement;

/** Component: play or speak documents to the call. */
public record Output(Integer startOffset, Boolean startPaused, Integer repeatInterval, Integer repeatTimes,
                     Integer maxTime, String renderer, String voice, List<Document> documents) implements RayoElement {
    public static final String ELEMENT = "output";
    public static final ElementProvider<Output> PROVIDER = e -> {
        Attrs.onlyChildren(e, "document");
        return new Output(Attrs.integer(e, "start-offset"), Attrs.bool(e, "start-paused"), Attrs.integer(e, "repeat-interval"),
                Attrs.integer(e, "repeat-times"), Attrs.integer(e, "max-time"), e.attr("renderer"), e.attr("voice"),
                e.children("document", RayoNamespaces.OUTPUT).stream().map(Document::parse).toList());
    };

    public Output {
        documents = documents == null ? List.of() : List.copyOf(documents);
        if (documents.isEmpty()) throw new RayoParseException("<output> needs at least one <document>");
    }

    @Override public XmlElement toXml() {
        return XmlElement.builder(ELEMENT, RayoNamespaces.OUTPUT).attr("start-offset", startOffset).attr("start-paused", startPaused)
                .attr("repeat-interval", repeatInterval).attr("repeat-times", repeatTimes).attr("max-time", maxTime)
                .attr("renderer", renderer).attr("voice", voice)
                .children(documents.stream().map(d -> d.toXml("document", RayoNamespaces.OUTPUT)).toList()).build();
    }
}
