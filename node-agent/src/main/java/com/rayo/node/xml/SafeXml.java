package com.rayo.node.xml;

import java.io.IOException;
import java.io.StringReader;

import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;

import org.w3c.dom.Element;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.helpers.DefaultHandler;

/**
 * Parses markup an application sent inside a Rayo payload (SSML, SRGS): namespace-aware, no DOCTYPE
 * (so no external entities), entities not expanded, and errors thrown rather than printed.
 */
public final class SafeXml {
    private SafeXml() {}

    /** The document element; SAXException with the parser's reason when the markup is not well-formed. */
    public static Element parse(String markup) throws SAXException {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setNamespaceAware(true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setExpandEntityReferences(false);
            DocumentBuilder builder = f.newDocumentBuilder();
            builder.setErrorHandler(new DefaultHandler()); // errors become exceptions, not stderr lines
            return builder.parse(new InputSource(new StringReader(markup))).getDocumentElement();
        } catch (ParserConfigurationException | IOException e) {
            throw new SAXException("cannot be read: " + e.getMessage(), e);
        }
    }
}
