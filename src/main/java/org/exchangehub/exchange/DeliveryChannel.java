package org.exchangehub.exchange;

import jakarta.validation.constraints.NotNull;

/**
 * How a subscription's records reach the subscriber.
 *
 * @param type   {@code WEBHOOK} (HTTP POST batches to {@code url}) or {@code FEED} (the subscriber pulls
 *               {@code GET /api/v1/feeds/{subscription}})
 * @param url    webhook URL
 * @param format {@code JSON} (default) or {@code AVRO} (wire format)
 * @param secret HMAC secret the webhook signature is made with; from the environment, never a file in git
 */
public record DeliveryChannel(@NotNull Type type, String url, Format format, String secret) {

    /** Delivery channel types. */
    public enum Type {
        WEBHOOK, FEED
    }

    /** Payload formats. */
    public enum Format {
        JSON, AVRO
    }

    public DeliveryChannel {
        format = format == null ? Format.JSON : format;
    }
}
