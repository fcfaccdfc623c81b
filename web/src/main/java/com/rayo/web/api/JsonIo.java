package com.rayo.web.api;

import java.io.IOException;
import java.io.InputStream;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;

/**
 * Request bodies read strictly (an unknown field, a wrong type, trailing garbage or a body over
 * {@link #MAX_BODY} is a 400/413 problem naming what is wrong, before anything is written) and
 * responses written as JSON.
 */
final class JsonIo {
    static final ObjectMapper MAPPER = strict(new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(com.fasterxml.jackson.databind.MapperFeature.ALLOW_COERCION_OF_SCALARS));
    /** No provisioning request needs more. */
    static final int MAX_BODY = 64 * 1024;

    private JsonIo() {}

    /** A number or a boolean where text is expected is a wrong type, not text (Jackson would take 5 for "5"). */
    private static ObjectMapper strict(ObjectMapper m) {
        for (CoercionInputShape shape : new CoercionInputShape[] {CoercionInputShape.Integer, CoercionInputShape.Float, CoercionInputShape.Boolean}) {
            m.coercionConfigFor(LogicalType.Textual).setCoercion(shape, CoercionAction.Fail);
        }
        return m;
    }

    static <T> T read(InputStream in, Class<T> type) throws IOException {
        byte[] body = in.readNBytes(MAX_BODY + 1);
        if (body.length > MAX_BODY) throw new Problem(413, "Payload too large", "the body is over " + MAX_BODY + " bytes", null);
        if (body.length == 0) throw Problem.badRequest("the body is empty: a JSON object is expected", null);
        try {
            T value = MAPPER.readValue(body, type);
            if (value == null) throw Problem.badRequest("the body is null: a JSON object is expected", null);
            return value;
        } catch (UnrecognizedPropertyException e) {
            throw Problem.badRequest("unknown field '" + e.getPropertyName() + "' (known: " + e.getKnownPropertyIds() + ")", e.getPropertyName());
        } catch (JsonMappingException e) {
            String field = e.getPath().isEmpty() ? null : e.getPath().get(e.getPath().size() - 1).getFieldName();
            throw Problem.badRequest((field == null ? "" : "field '" + field + "': ") + e.getOriginalMessage(), field);
        } catch (JsonProcessingException e) {
            throw Problem.badRequest("malformed JSON: " + e.getOriginalMessage(), null);
        }
    }
}
