package org.exchangehub;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntConsumer;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;

/**
 * The part of the POSIX shell's word rules that documentation commands use: single quotes (literal), double quotes
 * (with {@code $NAME} expanded), backslash escapes and line continuations, {@code $NAME} and {@code ${NAME}},
 * comments from an unquoted {@code #} at a word's start, and pipes; and sed's {@code s/re/replacement/} on basic
 * regular expressions ({@code \(…\)} groups, {@code \1} references).
 */
final class ShellWords {

    private ShellWords() {
    }

    /** True when no quote or command substitution is left open. */
    static boolean balanced(CharSequence text) {
        return scan(text, position -> { });
    }

    /** The stages of a pipeline: splits at unquoted {@code |}. */
    static List<String> splitPipes(String command) {
        List<String> stages = new ArrayList<>();
        int[] start = { 0 };
        scan(command, position -> {
            if (command.charAt(position) == '|') {
                stages.add(command.substring(start[0], position));
                start[0] = position + 1;
            }
        });
        stages.add(command.substring(start[0]));
        return stages;
    }

    /**
     * Walks a text as the shell reads quotes, escapes and {@code $(…)}, handing each position outside quotes to
     * {@code unquoted}; answers whether nothing is left open at the end.
     */
    private static boolean scan(CharSequence text, IntConsumer unquoted) {
        boolean single = false;
        boolean dbl = false;
        int substitutions = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\' && !single) {
                i++;
            } else if (c == '\'' && !dbl) {
                single = !single;
            } else if (c == '"' && !single) {
                dbl = !dbl;
            } else if (!single && c == '$' && i + 1 < text.length() && text.charAt(i + 1) == '(') {
                substitutions++;
                i++;
            } else if (!single && !dbl && c == ')' && substitutions > 0) {
                substitutions--;
            } else if (!single && !dbl) {
                unquoted.accept(i);
            }
        }
        return !single && !dbl && substitutions == 0;
    }

    /** The words of a command, variables expanded by {@code variables}. */
    static List<String> split(String text, UnaryOperator<String> variables) {
        List<String> words = new ArrayList<>();
        StringBuilder word = null;
        boolean single = false;
        boolean dbl = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (single) {
                if (c == '\'') {
                    single = false;
                } else {
                    word.append(c);
                }
            } else if (c == '\\' && i + 1 < text.length()) {
                char next = text.charAt(++i);
                if (next != '\n') {
                    word = word == null ? new StringBuilder() : word;
                    word.append(next);
                }
            } else if (c == '$' && i + 1 < text.length()
                    && (Character.isLetter(text.charAt(i + 1)) || text.charAt(i + 1) == '_' || text.charAt(i + 1) == '{')) {
                boolean braced = text.charAt(i + 1) == '{';
                int start = braced ? i + 2 : i + 1;
                int end = start;
                while (end < text.length() && (Character.isLetterOrDigit(text.charAt(end)) || text.charAt(end) == '_')) {
                    end++;
                }
                word = word == null ? new StringBuilder() : word;
                word.append(variables.apply(text.substring(start, end)));
                i = braced ? end : end - 1;
            } else if (dbl) {
                if (c == '"') {
                    dbl = false;
                } else {
                    word.append(c);
                }
            } else if (Character.isWhitespace(c)) {
                if (word != null) {
                    words.add(word.toString());
                    word = null;
                }
            } else if (c == '#' && word == null) {
                break;
            } else {
                word = word == null ? new StringBuilder() : word;
                if (c == '\'') {
                    single = true;
                } else if (c == '"') {
                    dbl = true;
                } else {
                    word.append(c);
                }
            }
        }
        if (word != null) {
            words.add(word.toString());
        }
        return words;
    }

    /** {@code sed 's/re/replacement/'} on each line of {@code input} (basic regular expressions). */
    static String sed(String script, String input) {
        if (script.length() < 4 || script.charAt(0) != 's') {
            throw new IllegalArgumentException("sed script the test does not know: " + script);
        }
        char delimiter = script.charAt(1);
        String[] parts = script.substring(2).split(java.util.regex.Pattern.quote(String.valueOf(delimiter)), -1);
        if (parts.length != 3 || !parts[2].isEmpty()) {
            throw new IllegalArgumentException("sed script the test does not know: " + script);
        }
        java.util.regex.Pattern pattern = java.util.regex.Pattern.compile(basicToJava(parts[0]));
        String replacement = Matcher.quoteReplacement(parts[1]).replaceAll("\\\\\\\\(\\d)", "\\$$1");
        List<String> lines = new ArrayList<>();
        for (String line : input.split("\n", -1)) {
            lines.add(pattern.matcher(line).replaceFirst(replacement));
        }
        return String.join("\n", lines);
    }

    private static String basicToJava(String basic) {
        StringBuilder java = new StringBuilder();
        for (int i = 0; i < basic.length(); i++) {
            char c = basic.charAt(i);
            if (c == '\\' && i + 1 < basic.length()) {
                char next = basic.charAt(++i);
                java.append(next == '(' || next == ')' || next == '{' || next == '}' ? String.valueOf(next) : "\\" + next);
            } else if ("(){}+?|".indexOf(c) >= 0) {
                java.append('\\').append(c);
            } else {
                java.append(c);
            }
        }
        return java.toString();
    }
}
