package org.exchangehub.admin.routes;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The sandbox's rules for text in a route file: property placeholders ({@code {{name}}}) only under the allowed
 * prefixes and never a name that looks like a secret, no placeholder functions ({@code {{env:…}}}); simple
 * expressions ({@code ${…}}) only of the message-level functions, {@code ${bean:…}} only of allowed beans, and no
 * reflection, context, registry, environment or system access by method calls. Problems name the placeholder or
 * expression as written, never a value.
 */
final class ExpressionRules {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{(.*?)}}");
    private static final Pattern SIMPLE = Pattern.compile("\\$(?:simple)?\\{([^{}]*)}");
    private static final Pattern FUNCTION = Pattern.compile("^\\s*([A-Za-z][A-Za-z-]*)");
    private static final Pattern SECRET = Pattern.compile(
            "(?i).*(password|passwd|secret|token|credential|hash|key|private|username|jdbc-url|jdbcurl).*");
    private static final Set<String> FUNCTIONS = Set.of("body", "bodyas", "mandatorybodyas", "bodyoneline", "header",
            "headers", "headeras", "exchangeproperty", "exchangeid", "id", "messagetimestamp", "routeid", "date",
            "date-with-timezone", "file", "bean", "random", "uuid", "exception", "in", "variable", "variables", "null",
            "empty", "trim", "length", "size", "join", "skip", "collate");
    /** Method names and members that reach reflection, the runtime, the context or the environment. */
    private static final Pattern REACH = Pattern.compile("(?i)(getclass|forname|classloader|newinstance|invoke"
            + "|runtime|exec\\s*\\(|getmethod|getdeclared|getfield|getconstructor|camelcontext|context|registry"
            + "|lookup|applicationcontext|environment|getenv|getproperty|system|thread|processbuilder|properties"
            + "|sysenv|\\bsys\\b|\\benv\\b|\\.class\\.(?!simplename\\b|name\\b))");

    private final List<String> prefixes;
    private final Set<String> beans;

    ExpressionRules(RouteSandboxProperties properties) {
        this.prefixes = properties.placeholderPrefixes();
        this.beans = Set.copyOf(properties.beans());
    }

    List<String> check(String text) {
        List<String> problems = new ArrayList<>();
        Matcher placeholders = PLACEHOLDER.matcher(text);
        while (placeholders.find()) {
            String placeholder = placeholders.group(1).strip();
            int colon = placeholder.indexOf(':');
            String name = colon < 0 ? placeholder : placeholder.substring(0, colon);
            if (colon >= 0 && !name.contains(".")) {
                problems.add(RouteSandbox.problem("PLACEHOLDER", "placeholder functions such as '{{" + name
                        + ":…}}' are not allowed"));
            } else if (prefixes.stream().noneMatch(name::startsWith) || SECRET.matcher(name).matches()) {
                problems.add(RouteSandbox.problem("PLACEHOLDER", "'{{" + name + "}}' is not a setting routes may"
                        + " use (hub.routes.sandbox.placeholder-prefixes " + prefixes + ", never a secret)"));
            }
        }
        Matcher expressions = SIMPLE.matcher(text);
        while (expressions.find()) {
            String expression = expressions.group(1);
            Matcher function = FUNCTION.matcher(expression);
            String name = function.find() ? function.group(1).toLowerCase(Locale.ROOT) : "";
            if (!FUNCTIONS.contains(name)) {
                problems.add(RouteSandbox.problem("EXPRESSION", "the simple function '${" + name
                        + "…}' is not allowed; routes may read the message, its headers and properties"));
            } else if (REACH.matcher(expression).find()) {
                problems.add(RouteSandbox.problem("EXPRESSION", "the expression '${" + abbreviated(expression)
                        + "}' reaches past the message (reflection, context, registry, environment or system)"));
            } else if ("bean".equals(name) && !beanAllowed(expression.substring(expression.indexOf(':') + 1)
                    .split("[?.}\\s]", 2)[0])) {
                problems.add(RouteSandbox.problem("BEAN", "'${" + abbreviated(expression) + "}' calls a bean routes"
                        + " may not call; allowed: " + beans + " (hub.routes.sandbox.beans)"));
            }
        }
        return problems;
    }

    boolean beanAllowed(String name) {
        return beans.contains(name);
    }

    Set<String> beans() {
        return beans;
    }

    private static String abbreviated(String expression) {
        return expression.length() <= 60 ? expression : expression.substring(0, 57) + "...";
    }
}
