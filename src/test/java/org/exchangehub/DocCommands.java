package org.exchangehub;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs the shell commands of a documentation page's {@code bash} blocks as a reader would type them, without a
 * shell: {@code curl} (with {@code -s -u -X -H -d --data-binary}, {@code @file} bodies), {@code mkdir -p}, {@code cp},
 * {@code sleep}, variables ({@code NAME=value}, {@code NAME=$(curl … | sed 's/…/…/')}) and {@code $NAME} in
 * arguments. Variables given to the constructor are the reader's set-up: assignments to them in the page are passed
 * over. Paths below {@code data/} go to the hub's data directory; other relative paths are the repository's. A
 * command it does not know, or a curl answered with anything but 2xx, fails.
 */
public final class DocCommands {

    private static final Pattern BLOCK = Pattern.compile("```bash\\n(.*?)```", Pattern.DOTALL);
    private static final Pattern ASSIGNMENT = Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)=(.*)", Pattern.DOTALL);

    /** One curl call the page made: its method, path and answer. */
    public record Call(String method, String url, int status, String body) {
    }

    private final Map<String, String> variables = new HashMap<>();
    private final Map<String, String> given;
    private final Path dataDir;
    private final List<Call> calls = new ArrayList<>();
    private final HttpClient http = HttpClient.newHttpClient();

    public DocCommands(Map<String, String> given, Path dataDir) {
        this.given = Map.copyOf(given);
        this.variables.putAll(given);
        this.dataDir = dataDir;
    }

    /** The commands of a page's {@code bash} blocks, one entry per command (continuation lines joined). */
    public static List<String> commands(Path page) {
        String text;
        try {
            text = Files.readString(page, UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> commands = new ArrayList<>();
        Matcher block = BLOCK.matcher(text);
        while (block.find()) {
            StringBuilder command = new StringBuilder();
            for (String line : block.group(1).split("\n")) {
                if (command.isEmpty() && (line.isBlank() || line.strip().startsWith("#"))) {
                    continue;
                }
                command.append(command.isEmpty() ? "" : "\n").append(line);
                if (!line.endsWith("\\") && ShellWords.balanced(command)) {
                    commands.add(command.toString());
                    command.setLength(0);
                }
            }
        }
        return commands;
    }

    /** Runs every command of the page in order. */
    public void runPage(Path page) {
        commands(page).forEach(this::run);
    }

    public String variable(String name) {
        return variables.get(name);
    }

    public List<Call> calls() {
        return List.copyOf(calls);
    }

    /** Runs one command; answers its output (a curl's body). */
    public String run(String command) {
        Matcher assignment = ASSIGNMENT.matcher(command.strip());
        if (assignment.matches()) {
            String name = assignment.group(1);
            if (!given.containsKey(name)) {
                String value = assignment.group(2);
                variables.put(name, value.startsWith("$(") && value.endsWith(")")
                        ? pipeline(value.substring(2, value.length() - 1)) : String.join(" ", words(value)));
            }
            return "";
        }
        return pipeline(command);
    }

    private String pipeline(String command) {
        List<String> stages = ShellWords.splitPipes(command);
        String output = simple(words(stages.get(0)));
        for (String stage : stages.subList(1, stages.size())) {
            List<String> sed = words(stage);
            if (sed.size() != 2 || !sed.get(0).equals("sed")) {
                throw new IllegalArgumentException("the page pipes into a command the test does not know: " + stage);
            }
            output = ShellWords.sed(sed.get(1), output);
        }
        return output;
    }

    private List<String> words(String text) {
        return ShellWords.split(text, name -> {
            String value = variables.get(name);
            if (value == null) {
                throw new IllegalArgumentException("$" + name + " is used before the page sets it");
            }
            return value;
        });
    }

    private String simple(List<String> words) {
        try {
            switch (words.get(0)) {
                case "curl" -> {
                    return curl(words.subList(1, words.size()));
                }
                case "mkdir" -> {
                    Files.createDirectories(path(words.get(words.size() - 1)));
                    return "";
                }
                case "cp" -> {
                    Path target = path(words.get(2));
                    Path source = path(words.get(1));
                    Files.copy(source, Files.isDirectory(target) ? target.resolve(source.getFileName()) : target);
                    return "";
                }
                case "sleep" -> {
                    Thread.sleep((long) (Double.parseDouble(words.get(1)) * 1000));
                    return "";
                }
                default -> throw new IllegalArgumentException("the page runs a command the test does not know: "
                        + words.get(0));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private String curl(List<String> arguments) throws IOException, InterruptedException {
        String method = null;
        String url = null;
        byte[] body = null;
        HttpRequest.Builder request = HttpRequest.newBuilder();
        for (int i = 0; i < arguments.size(); i++) {
            String argument = arguments.get(i);
            switch (argument) {
                case "-s" -> {
                    // silent: what a reader sees is the body
                }
                case "-u" -> request.header("Authorization", "Basic "
                        + Base64.getEncoder().encodeToString(arguments.get(++i).getBytes(UTF_8)));
                case "-X" -> method = arguments.get(++i);
                case "-H" -> {
                    String[] header = arguments.get(++i).split(":\\s*", 2);
                    request.header(header[0], header[1]);
                }
                case "-d", "--data-binary" -> {
                    String data = arguments.get(++i);
                    body = data.startsWith("@") ? Files.readAllBytes(path(data.substring(1))) : data.getBytes(UTF_8);
                }
                default -> {
                    if (argument.startsWith("-")) {
                        throw new IllegalArgumentException("curl option the test does not know: " + argument);
                    }
                    url = argument.contains("://") ? argument : "http://" + argument;
                }
            }
        }
        String verb = method != null ? method : body != null ? "POST" : "GET";
        request.uri(URI.create(url)).method(verb, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofByteArray(body));
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString(UTF_8));
        calls.add(new Call(verb, url, response.statusCode(), response.body()));
        if (response.statusCode() / 100 != 2) {
            throw new IllegalStateException(verb + " " + url + " answered " + response.statusCode() + ": "
                    + response.body());
        }
        return response.body();
    }

    private Path path(String written) {
        Path path = Path.of(written);
        return path.startsWith("data") ? dataDir.resolve(Path.of("data").relativize(path)) : path;
    }
}
