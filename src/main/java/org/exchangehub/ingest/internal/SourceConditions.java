package org.exchangehub.ingest.internal;

import org.apache.camel.Exchange;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.exchangehub.ingest.AdapterCursors;
import org.springframework.stereotype.Component;

/**
 * Named conditions of a polling adapter's source, raised by the adapter routes' shared error handling
 * ({@code routes/hub-error-handling.camel.yaml}) instead of failing the poll again and again:
 * <ul>
 * <li>{@code CURSOR_REJECTED}: the source answers 404 or 410 to the cursor the hub kept — it was reset, restored
 * from a backup or replaced while the hub kept its place. Polling again cannot help; an admin resets the adapter's
 * cursor ({@code PUT /api/v1/admin/routes/{id}/cursor}, audited) to a point the source knows.
 * <li>{@code SOURCE_NOT_FOUND}: 404 or 410 without a cursor: the adapter's URL is wrong.
 * </ul>
 * The condition is noted on the exchange; {@link AdapterHealth} shows it and logs it once, and clears it when a poll
 * next goes through. A cursor is a source's page token or watermark, never personal data.
 */
@Component("sourceConditions")
public class SourceConditions {

    /** Exchange property naming the condition raised while the exchange ran. */
    public static final String CONDITION = "hubSourceCondition";
    public static final String DETAIL = "hubSourceConditionDetail";

    private final AdapterCursors cursors;

    SourceConditions(AdapterCursors cursors) {
        this.cursors = cursors;
    }

    /** The source refused what the adapter asked for (HTTP 404 or 410): names why on the exchange. */
    public void notFound(Exchange exchange) {
        String routeId = exchange.getFromRouteId();
        int status = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class)
                instanceof HttpOperationFailedException http ? http.getStatusCode() : 404;
        String cursor = routeId == null ? null : cursors.get(routeId, null);
        if (cursor == null) {
            exchange.setProperty(CONDITION, "SOURCE_NOT_FOUND");
            exchange.setProperty(DETAIL, "the source answered HTTP " + status + " and the adapter has no cursor yet:"
                    + " check the adapter's URL");
        } else {
            exchange.setProperty(CONDITION, "CURSOR_REJECTED");
            exchange.setProperty(DETAIL, "the source answered HTTP " + status + " to the cursor '" + cursor
                    + "' the hub kept: reset the adapter's cursor to a point the source knows");
        }
    }
}
