package com.rayo.web.api;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.servlet.http.HttpServletResponse;

/**
 * An RFC 9457 problem document ({@code application/problem+json}): what went wrong, for whom to
 * fix it, and the request field at fault when there is one. Thrown by the resources, written once
 * by {@link ApiServlet}.
 */
public final class Problem extends RuntimeException {
    private static final long serialVersionUID = 1L;
    public static final String MEDIA_TYPE = "application/problem+json";

    private final int status;
    private final String title;
    private final String field;

    public Problem(int status, String title, String detail, String field) {
        super(detail);
        this.status = status;
        this.title = title;
        this.field = field;
    }

    public static Problem badRequest(String detail, String field) { return new Problem(400, "Bad request", detail, field); }
    public static Problem notFound(String detail) { return new Problem(404, "Not found", detail, null); }
    public static Problem forbidden(String detail) { return new Problem(403, "Forbidden", detail, null); }
    public static Problem conflict(String detail) { return new Problem(409, "Conflict", detail, null); }
    public static Problem preconditionFailed(String detail) { return new Problem(412, "Precondition failed", detail, null); }
    public static Problem methodNotAllowed(String detail) { return new Problem(405, "Method not allowed", detail, null); }

    public int status() { return status; }

    void write(HttpServletResponse res, String instance) throws IOException {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("type", "about:blank");
        doc.put("title", title);
        doc.put("status", status);
        doc.put("detail", getMessage());
        if (field != null) doc.put("field", field);
        doc.put("instance", instance);
        res.setStatus(status);
        res.setContentType(MEDIA_TYPE);
        res.setCharacterEncoding("utf-8");
        JsonIo.MAPPER.writeValue(res.getOutputStream(), doc);
    }
}
