package com.rayo.cassandra.browse;

import java.util.ArrayList;
import java.util.List;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.ColumnDefinition;
import com.datastax.oss.driver.api.core.cql.ResultSet;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;

/** One CQL statement in the gateway's keyspace, its result as text cells (bin/rayo cql; POST /rayo/cql). */
public final class CqlShell {
    /** Rows shown at most: a statement without LIMIT on a big table must not fill memory. */
    public static final int MAX_ROWS = 1000;

    private CqlShell() {}

    /** Columns and rows (cells as text); no columns for a statement that returns none. */
    public record Result(List<String> columns, List<List<String>> rows, boolean truncated) {
        public String json() {
            StringBuilder sb = new StringBuilder("{\"columns\":[");
            for (int i = 0; i < columns.size(); i++) sb.append(i == 0 ? "" : ",").append(Json.q(columns.get(i)));
            sb.append("],\"rows\":[");
            for (int r = 0; r < rows.size(); r++) {
                sb.append(r == 0 ? "[" : ",[");
                List<String> row = rows.get(r);
                for (int i = 0; i < row.size(); i++) sb.append(i == 0 ? "" : ",").append(Json.q(row.get(i)));
                sb.append(']');
            }
            return sb.append("],\"truncated\":").append(truncated).append('}').toString();
        }
    }

    public static Result run(CqlSession session, String keyspace, String statement) {
        ResultSet rs = session.execute(SimpleStatement.newInstance(statement).setKeyspace(keyspace));
        List<String> cols = new ArrayList<>();
        for (ColumnDefinition c : rs.getColumnDefinitions()) cols.add(c.getName().asCql(true));
        List<List<String>> rows = new ArrayList<>();
        boolean truncated = false;
        for (Row r : rs) {
            if (rows.size() == MAX_ROWS) {
                truncated = true;
                break;
            }
            List<String> cells = new ArrayList<>();
            for (int i = 0; i < cols.size(); i++) cells.add(String.valueOf(r.getObject(i)));
            rows.add(cells);
        }
        return new Result(cols, rows, truncated);
    }
}
