package dev.immichkeycloak.adapter.db;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

/** Tells a database that cannot be reached (down, restarting, network) from any other failure. */
public final class DatabaseUnavailable {

    private DatabaseUnavailable() {
    }

    /**
     * True when {@code failure} or a cause of it says the database cannot be reached: the pool found no connection in time
     * (Hikari's {@link SQLTransientConnectionException}), the driver reports a connection exception (SQL state class 08), or
     * the server is shutting down or starting (57P01 to 57P03: a pooled connection the server closed).
     */
    public static boolean isCause(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLTransientConnectionException) {
                return true;
            }
            if (t instanceof SQLException sql && sql.getSQLState() != null
                    && (sql.getSQLState().startsWith("08") || sql.getSQLState().startsWith("57P"))) {
                return true;
            }
        }
        return false;
    }
}
