package org.exchangehub.exchange;

/**
 * A delivery given up after its attempts.
 *
 * @param id             delivery id (outbox row)
 * @param subscriptionId the subscription it was owed to
 * @param recordId       the record version
 * @param attempts       attempts made
 * @param lastError      the last error: status code, exception type or held field and reason, never values
 */
public record DeadLetter(long id, String subscriptionId, String recordId, int attempts, String lastError) {
}
