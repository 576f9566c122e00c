package org.exchangehub.verification;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;


/**
 * Batch files as CSV (RFC 4180: UTF-8, a header line, commas, cells in double quotes when they hold commas, quotes or
 * line breaks; a byte order mark is skipped): the questions a department sends and the answers it downloads.
 */
public final class BatchFiles {

    /** The columns of a question file; {@code idNumber} is required, the others optional. */
    public static final List<String> COLUMNS = List.of("idNumber", "name", "diedOnOrBefore", "caseReference");

    private BatchFiles() {
    }

    /**
     * The rows of a CSV question file. A row whose cells do not fit the header is read as a row with its problem;
     * the file itself is refused only when it cannot be a question file at all.
     *
     * @throws IllegalArgumentException for a header without {@code idNumber}, an unknown or repeated column, or an
     *                                  unterminated quoted cell
     */
    public static List<VerificationBatches.Row> questions(String csv) {
        List<List<String>> lines = lines(csv.startsWith("\uFEFF") ? csv.substring(1) : csv);
        if (lines.isEmpty()) {
            throw new IllegalArgumentException("file: empty; the first line names the columns " + COLUMNS);
        }
        Map<String, String> known = COLUMNS.stream()
                .collect(Collectors.toMap(column -> column.toLowerCase(Locale.ROOT), column -> column));
        List<String> header = new ArrayList<>();
        for (String cell : lines.get(0)) {
            String column = known.get(cell.strip().toLowerCase(Locale.ROOT));
            if (column == null || header.contains(column)) {
                throw new IllegalArgumentException("header: " + (column == null ? "unknown" : "repeated")
                        + " column '" + cell.strip() + "'; the columns are " + COLUMNS);
            }
            header.add(column);
        }
        if (!header.contains("idNumber")) {
            throw new IllegalArgumentException("header: the column idNumber is required; the columns are " + COLUMNS);
        }
        List<VerificationBatches.Row> rows = new ArrayList<>(lines.size() - 1);
        for (List<String> cells : lines.subList(1, lines.size())) {
            if (cells.size() != header.size()) {
                rows.add(new VerificationBatches.Row(null, null, null, null, "row: " + cells.size() + " cells where the"
                        + " header names " + header.size()));
                continue;
            }
            rows.add(new VerificationBatches.Row(cell(header, cells, "idNumber"), cell(header, cells, "name"),
                    cell(header, cells, "diedOnOrBefore"), cell(header, cells, "caseReference"), null));
        }
        return rows;
    }

    /** The answers of a batch as CSV: {@code row,caseReference,answer,problem,auditNode,auditSeq}. */
    public static String answers(List<VerificationBatches.RowAnswer> rows) {
        StringBuilder csv = new StringBuilder(rows.size() * 48 + 64)
                .append("row,caseReference,answer,problem,auditNode,auditSeq\r\n");
        for (VerificationBatches.RowAnswer row : rows) {
            csv.append(row.row()).append(',').append(quoted(row.caseReference())).append(',')
                    .append(row.answer() == null ? "" : row.answer()).append(',').append(quoted(row.problem()))
                    .append(',').append(row.auditNode() == null ? "" : row.auditNode()).append(',')
                    .append(row.auditSeq() == null ? "" : row.auditSeq()).append("\r\n");
        }
        return csv.toString();
    }

    private static String cell(List<String> header, List<String> cells, String column) {
        int at = header.indexOf(column);
        return at < 0 || cells.get(at).isBlank() ? null : cells.get(at);
    }

    private static String quoted(String value) {
        if (value == null) {
            return "";
        }
        return value.contains(",") || value.contains("\"") || value.contains("\n") || value.contains("\r")
                ? "\"" + value.replace("\"", "\"\"") + "\"" : value;
    }

    /** The file's lines as cells; blank lines are skipped. */
    private static List<List<String>> lines(String csv) {
        List<List<String>> lines = new ArrayList<>();
        List<String> cells = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        boolean any = false;
        for (int i = 0; i < csv.length(); i++) {
            char c = csv.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < csv.length() && csv.charAt(i + 1) == '"') {
                    cell.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    cell.append(c);
                }
            } else if (c == '"') {
                quoted = true;
                any = true;
            } else if (c == ',') {
                cells.add(cell.toString());
                cell.setLength(0);
                any = true;
            } else if (c == '\n' || c == '\r') {
                if (c == '\r' && i + 1 < csv.length() && csv.charAt(i + 1) == '\n') {
                    i++;
                }
                end(lines, cells, cell, any);
                cells = new ArrayList<>();
                any = false;
            } else {
                cell.append(c);
                any = true;
            }
        }
        if (quoted) {
            throw new IllegalArgumentException("file: a quoted cell is not closed");
        }
        end(lines, cells, cell, any);
        return lines;
    }

    private static void end(List<List<String>> lines, List<String> cells, StringBuilder cell, boolean any) {
        if (any) {
            cells.add(cell.toString());
            lines.add(cells);
        }
        cell.setLength(0);
    }

    /** A cell's text, null when blank. */
    static String text(String cell) {
        return cell == null || cell.isBlank() ? null : cell;
    }

    /** A cell's date ({@code yyyy-MM-dd}), null when blank. @throws IllegalArgumentException naming the field */
    public static LocalDate date(String cell) {
        if (cell == null || cell.isBlank()) {
            return null;
        }
        try {
            return LocalDate.parse(cell.strip());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("diedOnOrBefore: not a date (yyyy-MM-dd)");
        }
    }
}
