package com.rayo.protocol.rayo;

import java.util.List;

import com.rayo.protocol.xml.XmlElement;

/** Component: collect DTMF or speech against grammars. */
public record Input(String mode, String terminator, String recognizer, String language, Integer initialTimeout,
                    Integer interDigitTimeout, Double sensitivity, Double minConfidence, Integer maxSilence,
                    List<Document> grammars) implements RayoElement {
    public static final String ELEMENT = "input";
    public static final ElementProvider<Input> PROVIDER = e -> {
        Attrs.onlyChildren(e, "grammar");
        return new Input(Attrs.oneOf(e, "mode", "any", "dtmf", "voice", "cpa"), e.attr("terminator"), e.attr("recognizer"),
                e.attr("language"), Attrs.integer(e, "initial-timeout"), Attrs.integer(e, "inter-digit-timeout"),
                Attrs.decimal(e, "sensitivity"), Attrs.decimal(e, "min-confidence"), Attrs.integer(e, "max-silence"),
                e.children("grammar", RayoNamespaces.INPUT).stream().map(Document::parse).toList());
    };

    public Input {
        grammars = grammars == null ? List.of() : List.copyOf(grammars);
        if (grammars.isEmpty()) throw new RayoParseException("<input> needs at least one <grammar>");
        if (sensitivity != null && (sensitivity < 0 || sensitivity > 1)) throw new RayoParseException("<input> sensitivity must be between 0 and 1");
        if (minConfidence != null && (minConfidence < 0 || minConfidence > 1)) throw new RayoParseException("<input> min-confidence must be between 0 and 1");
    }

    @Override public XmlElement toXml() {
        return XmlElement.builder(ELEMENT, RayoNamespaces.INPUT).attr("mode", mode).attr("terminator", terminator)
                .attr("recognizer", recognizer).attr("language", language).attr("initial-timeout", initialTimeout)
                .attr("inter-digit-timeout", interDigitTimeout).attr("sensitivity", sensitivity)
                .attr("min-confidence", minConfidence).attr("max-silence", maxSilence)
                .children(grammars.stream().map(g -> g.toXml("grammar", RayoNamespaces.INPUT)).toList()).build();
    }
}
