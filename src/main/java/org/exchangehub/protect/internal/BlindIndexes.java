package org.exchangehub.protect.internal;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.text.Normalizer;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.exchangehub.protect.BlindIndexNormalizer;
import org.exchangehub.schema.PiiCategory;
import org.springframework.stereotype.Component;

/**
 * Blind indexes: {@code bi1.<base64url(first 16 bytes of HMAC(indexKey(category), normalized value))>}, with
 * the suite's HMAC and the category's index key. Every value is first NFKC-normalized (full-width digits become
 * ASCII), trimmed and has its white space collapsed, then passed to the category's {@link BlindIndexNormalizer}
 * if another module contributed one (e.g. resident ID numbers: 15→18 digits, upper-case X).
 */
@Component
public class BlindIndexes {

    private static final Pattern SPACES = Pattern.compile("\\s+");

    private final DataKeys dataKeys;
    private final Map<PiiCategory, BlindIndexNormalizer> normalizers = new EnumMap<>(PiiCategory.class);

    BlindIndexes(DataKeys dataKeys, List<BlindIndexNormalizer> normalizers) {
        this.dataKeys = dataKeys;
        normalizers.forEach(normalizer -> this.normalizers.put(normalizer.category(), normalizer));
    }

    public String index(PiiCategory category, String value) {
        String normalized = SPACES.matcher(Normalizer.normalize(value, Normalizer.Form.NFKC).strip()).replaceAll(" ");
        BlindIndexNormalizer specific = normalizers.get(category);
        if (specific != null) {
            normalized = specific.normalize(normalized);
        }
        DataKeys.DataKey key = dataKeys.forIndex(category);
        return FieldTokens.blindIndex(key.suite().hmac(key.key(), normalized.getBytes(UTF_8)));
    }
}
