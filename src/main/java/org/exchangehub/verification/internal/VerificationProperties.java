package org.exchangehub.verification.internal;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code hub.verification.*}: how much a grant of a verification service may ask, and when a department's questions
 * look like probing. Counted per hub node.
 *
 * @param ratePerSecond   questions a second one grant may ask on average (default 50)
 * @param burst           questions one grant may ask at once before the rate applies (default 100)
 * @param dailyQuota      questions one grant may ask per day, in the hub's time zone (default 20000)
 * @param probeIdentities different people one department may ask about within {@code probeWindow} before its further
 *                        questions are refused as probing and admins are told (default 1000)
 * @param probeWindow     the window of {@code probeIdentities} (default 1m)
 * @param batchMaxRows    rows one batch may hold (default 100000)
 * @param batchDailyRows  rows one grant may send in batches per day, in the hub's time zone; batches do not count
 *                        against {@code dailyQuota}, the rate or the probing window (default 1000000)
 * @param queryTimeout    how long a query service's provider may take to answer before the caller gets 504
 *                        (default 10s)
 * @param watchMax        active watches one department may hold (default 100000)
 * @param watchCheck      how soon a watch is answered again after a record about its person arrives (default 1s)
 * @param watchSweep      the longest a watch goes without being answered again, records or not: answers change with
 *                        time too, an allowance reaching its end date (default 1h)
 */
@ConfigurationProperties("hub.verification")
public record VerificationProperties(@DefaultValue("50") double ratePerSecond, @DefaultValue("100") int burst,
        @DefaultValue("20000") int dailyQuota, @DefaultValue("1000") int probeIdentities,
        @DefaultValue("1m") Duration probeWindow, @DefaultValue("100000") int batchMaxRows,
        @DefaultValue("1000000") int batchDailyRows, @DefaultValue("10s") Duration queryTimeout,
        @DefaultValue("100000") int watchMax, @DefaultValue("1s") Duration watchCheck,
        @DefaultValue("1h") Duration watchSweep) {

    public VerificationProperties {
        if (ratePerSecond <= 0 || burst < 1 || dailyQuota < 1 || probeIdentities < 1) {
            throw new IllegalArgumentException("hub.verification.rate-per-second, burst, daily-quota and"
                    + " probe-identities: more than 0");
        }
        if (batchMaxRows < 1 || batchDailyRows < batchMaxRows) {
            throw new IllegalArgumentException("hub.verification.batch-max-rows: more than 0, and"
                    + " hub.verification.batch-daily-rows at least as many");
        }
        if (probeWindow.isNegative() || probeWindow.isZero()) {
            throw new IllegalArgumentException("hub.verification.probe-window: more than 0");
        }
        if (queryTimeout.isNegative() || queryTimeout.isZero()) {
            throw new IllegalArgumentException("hub.verification.query-timeout: more than 0");
        }
        if (watchMax < 1 || watchCheck.isNegative() || watchCheck.isZero() || watchSweep.compareTo(watchCheck) < 0) {
            throw new IllegalArgumentException("hub.verification.watch-max and watch-check: more than 0;"
                    + " hub.verification.watch-sweep: at least watch-check");
        }
    }
}
