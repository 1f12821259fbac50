package io.shakedown.ui;

import io.quarkus.arc.Arc;
import io.quarkus.arc.Unremovable;
import io.quarkus.qute.TemplateGlobal;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * What every page's template reads besides its own data — {@code {v.…}} in ui/layout.html and in the forms: who is
 * looking, the CSRF token a form carries, whether sign-in is on, Shakedown's version. A template global, so a page
 * passes only its own data and a new common item is added here once.
 */
@RequestScoped
@Unremovable // looked up by the template global, never injected: ArC would drop it as unused
public class PageContext {
    @Inject Visitor visitor;
    @ConfigProperty(name = "quarkus.application.version", defaultValue = "dev") String version;

    /** The request's context, as every template sees it under {@code v}. */
    @TemplateGlobal(name = "v")
    static PageContext current() {
        return Arc.container().instance(PageContext.class).get();
    }

    /** "project shop", "admin (all projects)", or "local (no sign-in)". */
    public String who() {
        return visitor.who();
    }

    public String csrf() {
        return visitor.csrf();
    }

    public boolean authEnabled() {
        return visitor.authEnabled();
    }

    public String version() {
        return version;
    }
}
