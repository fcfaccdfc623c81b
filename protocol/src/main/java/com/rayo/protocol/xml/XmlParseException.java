package com.rayo.protocol.xml;

/** Input that is not well-formed XML. */
public class XmlParseException extends RuntimeException {
    public XmlParseException(String message) { super(message); }
    public XmlParseException(String message, Throwable cause) { super(message, cause); }
}
