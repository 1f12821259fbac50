package io.shakedown.report;

import io.quarkus.qute.Engine;
import io.quarkus.qute.HtmlEscaper;
import io.quarkus.qute.ReflectionValueResolver;
import io.quarkus.qute.TemplateLocator;
import io.quarkus.qute.ValueResolvers;
import io.quarkus.qute.Variant;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * One self-contained HTML file (inline CSS, no scripts, no external fonts or images) that reads well offline,
 * rendered from the same Qute templates as the service's run page (templates/report/sections.html) with Qute
 * standalone: the one-shot CLI does not boot Quarkus. Qute escapes every value (evidence comes from the app
 * under test and is untrusted); the stylesheet is the service's (META-INF/resources/ui/shakedown.css), inlined.
 */
public final class HtmlRenderer {
    static final String TEMPLATES = "templates/";
    static final String STYLESHEET = "META-INF/resources/ui/shakedown.css";

    private static final Engine ENGINE = Engine.builder()
            .addDefaults()
            .addValueResolver(ValueResolvers.rawResolver())
            .addValueResolver(new ReflectionValueResolver())
            .addResultMapper(new HtmlEscaper(List.of(Variant.TEXT_HTML)))
            .addLocator(HtmlRenderer::locate)
            .build();
    private static final String CSS = resource(STYLESHEET);

    private final ReportFormat.RenderOptions options;

    public HtmlRenderer(ReportFormat.RenderOptions options) {
        this.options = options == null ? ReportFormat.RenderOptions.none() : options;
    }

    public String render(Report report) {
        // SafeText: evidence may hold characters no document should carry (NUL, lone surrogates)
        return SafeText.clean(ENGINE.getTemplate("report/file").instance()
                .data("r", ReportView.of(report))
                .data("css", CSS)
                .data("reportUrl", options.reportUrl())
                .data("links", null)
                .render());
    }

    /** Templates from the classpath, as Quarkus finds them: templates/&lt;id&gt; or templates/&lt;id&gt;.html. */
    private static Optional<TemplateLocator.TemplateLocation> locate(String id) {
        for (String name : List.of(TEMPLATES + id, TEMPLATES + id + ".html")) {
            if (HtmlRenderer.class.getClassLoader().getResource(name) == null) continue;
            return Optional.of(new TemplateLocator.TemplateLocation() {
                @Override
                public Reader read() {
                    return new InputStreamReader(open(name), StandardCharsets.UTF_8);
                }

                @Override
                public Optional<Variant> getVariant() {
                    return Optional.of(Variant.forContentType(Variant.TEXT_HTML));
                }
            });
        }
        return Optional.empty();
    }

    private static InputStream open(String name) {
        InputStream in = HtmlRenderer.class.getClassLoader().getResourceAsStream(name);
        if (in == null) throw new IllegalStateException(name + " is missing from the classpath");
        return in;
    }

    private static String resource(String name) {
        try (InputStream in = open(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
