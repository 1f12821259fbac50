package io.shakedown.ui;

import io.quarkus.qute.EngineConfiguration;
import io.quarkus.qute.ReflectionValueResolver;

/**
 * Lets the service's Qute read the same plain records as the standalone engine of the HTML report file
 * (io.shakedown.report.HtmlRenderer): report/sections.html is shared, so both must resolve properties alike.
 * Generated resolvers still win where Quarkus has them; this is the fallback (JVM mode).
 */
@EngineConfiguration
public class UiTemplates extends ReflectionValueResolver {
}
