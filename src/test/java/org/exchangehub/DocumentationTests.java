package org.exchangehub;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * The README stays a short front page, and every relative link of the README and of {@code docs/} leads to a file of
 * the repository: a page moved or renamed, or a link to something outside the repository, fails the build.
 */
class DocumentationTests {

    private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)");
    private static final Path ROOT = Path.of("").toAbsolutePath();

    @Test
    void theReadmeIsAShortFrontPage() throws IOException {
        List<String> lines = Files.readAllLines(Path.of("README.md"), UTF_8);

        assertThat(lines).hasSizeLessThanOrEqualTo(200);
        assertThat(String.join("\n", lines)).contains("./mvnw spring-boot:run", "./mvnw verify",
                "docs/connect-a-department.md");
    }

    @Test
    void everyRelativeLinkOfTheDocumentationLeadsToAFileOfTheRepository() throws IOException {
        List<Path> pages = new ArrayList<>(List.of(Path.of("README.md")));
        try (Stream<Path> docs = Files.walk(Path.of("docs"))) {
            docs.filter(path -> path.toString().endsWith(".md")).forEach(pages::add);
        }
        List<String> broken = new ArrayList<>();
        int links = 0;
        for (Path page : pages) {
            Matcher link = LINK.matcher(Files.readString(page, UTF_8));
            while (link.find()) {
                String target = link.group(1).replaceFirst("#.*$", "");
                if (target.isEmpty() || target.matches("^[a-z]+:.*")) {
                    continue;
                }
                links++;
                Path resolved = page.toAbsolutePath().getParent().resolve(target).normalize();
                if (!resolved.startsWith(ROOT) || !Files.exists(resolved)) {
                    broken.add(page + " → " + link.group(1));
                }
            }
        }
        assertThat(links).isGreaterThan(30);
        assertThat(broken).as("links to nothing, or outside the repository").isEmpty();
    }
}
