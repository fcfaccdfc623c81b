package com.rayo.protocol.rayo;

import com.rayo.protocol.xml.XmlElement;

/**
 * A media document: an output's {@code <document/>} or an input's {@code <grammar/>}.
 * Either a URL or inline content (kept as the element's own nodes, so inline SSML survives).
 */
public record Document(String contentType, String url, XmlElement inline) {
    static Document parse(XmlElement e) {
        boolean hasContent = !e.nodes().isEmpty() && !(e.elements().isEmpty() && e.text().isBlank());
        if ((e.attr("url") == null) == !hasContent) throw new RayoParseException("<" + e.name() + "> needs either a url or inline content");
        if (hasContent && e.attr("content-type") == null) throw new RayoParseException("inline <" + e.name() + "> needs a content-type");
        return new Document(e.attr("content-type"), e.attr("url"), hasContent ? e : null);
    }

    /**
     * Inline content as markup text: the first child element written out (inline {@code <speak>}
     * or {@code <grammar>}), else the element's text (often CDATA holding the markup), stripped.
     */
    public String inlineMarkup() {
        if (inline == null) return null;
        return inline.elements().isEmpty() ? inline.text().strip() : inline.firstElement().toXml();
    }

    public static Document text(String contentType, String text, String element, String namespace) {
        return new Document(contentType, null, XmlElement.builder(element, namespace).attr("content-type", contentType).text(text).build());
    }

    XmlElement toXml(String element, String namespace) {
        if (inline != null) return inline;
        return XmlElement.builder(element, namespace).attr("content-type", contentType).attr("url", url).build();
    }
}
