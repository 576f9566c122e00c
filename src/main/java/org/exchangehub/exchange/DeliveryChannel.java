package org.exchangehub.exchange;

import org.springframework.boot.context.properties.bind.ConstructorBinding;

import jakarta.validation.constraints.NotNull;

/**
 * How a subscription's records reach the subscriber.
 *
 * @param type      {@code WEBHOOK} (HTTP POST batches to {@code url}), {@code FEED} (the subscriber pulls
 *                  {@code GET /api/v1/feeds/{subscription}}) or {@code FILE} (CSV files in {@code directory})
 * @param url       webhook URL
 * @param format    {@code JSON} (default) or {@code AVRO} (wire format), for webhooks and feeds
 * @param secret    HMAC secret the webhook signature is made with; from the environment, never a file in git
 * @param directory where FILE deliveries are written
 * @param encoding  FILE encoding: {@code UTF-8-BOM} (default, opens in Excel) or {@code GB18030}
 */
public record DeliveryChannel(@NotNull Type type, String url, Format format, String secret, String directory,
        String encoding) {

    /** Delivery channel types. */
    public enum Type {
        WEBHOOK, FEED, FILE
    }

    /** Payload formats. */
    public enum Format {
        JSON, AVRO
    }

    @ConstructorBinding
    public DeliveryChannel {
        format = format == null ? Format.JSON : format;
        encoding = encoding == null ? "UTF-8-BOM" : encoding;
    }

    /** A WEBHOOK or FEED channel. */
    public DeliveryChannel(Type type, String url, Format format, String secret) {
        this(type, url, format, secret, null, null);
    }
}
