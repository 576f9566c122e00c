package org.exchangehub.ingest.internal;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

import org.springframework.stereotype.Component;

/**
 * Reads a department's export file as text, for the file adapters ({@code bean: sourceText}): in the adapter's
 * charset (GB18030 for the petition bureau), unless the file begins with a byte order mark — a file saved as UTF-8
 * "with BOM" (Excel's "CSV UTF-8") or as UTF-16 says so unambiguously, and is read that way, the mark dropped.
 * Decoding is strict: bytes that are not text in that charset fail the file ({@code ENCODING}) instead of becoming
 * replacement characters in records.
 */
@Component("sourceText")
public class SourceText {

    /** The file's text (route: {@code decode(*, 'GB18030')}, the body as bytes and the adapter's charset). */
    public String decode(byte[] file, String charset) throws CharacterCodingException {
        return file == null ? null : text(file, Charset.forName(charset));
    }

    static String text(byte[] bytes, Charset fallback) throws CharacterCodingException {
        if (starts(bytes, 0xEF, 0xBB, 0xBF)) {
            return strict(bytes, 3, StandardCharsets.UTF_8);
        }
        if (starts(bytes, 0xFE, 0xFF)) {
            return strict(bytes, 2, StandardCharsets.UTF_16BE);
        }
        if (starts(bytes, 0xFF, 0xFE)) {
            return strict(bytes, 2, StandardCharsets.UTF_16LE);
        }
        return strict(bytes, 0, fallback);
    }

    private static boolean starts(byte[] bytes, int... mark) {
        if (bytes.length < mark.length) {
            return false;
        }
        for (int i = 0; i < mark.length; i++) {
            if ((bytes[i] & 0xFF) != mark[i]) {
                return false;
            }
        }
        return true;
    }

    private static String strict(byte[] bytes, int offset, Charset charset) throws CharacterCodingException {
        return charset.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(bytes, offset, bytes.length - offset)).toString();
    }
}
