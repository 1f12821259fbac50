package io.shakedown.flow;

import io.shakedown.probe.CappedBody;
import io.shakedown.spec.FlowSpec;
import io.shakedown.spec.Template;
import java.net.HttpCookie;
import java.net.http.HttpResponse;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Which values of a flow are credentials, so that no report shows them: captures marked {@code redact: true}; unless
 * marked {@code redact: false}, captures that look like one (a cookie, an Authorization or Set-Cookie header) or that a
 * step sends in an Authorization, Proxy-Authorization or Cookie header; and the session cookies the app sets (unless
 * a capture of that cookie says {@code redact: false}). Decided from the spec before the flow runs, so a capture is
 * masked from the step that takes it, before any later step shows where it goes.
 */
final class Credentials {
    private final Set<String> maskedCaptures;
    private final Set<String> shownCookies;

    private Credentials(Set<String> maskedCaptures, Set<String> shownCookies) {
        this.maskedCaptures = maskedCaptures;
        this.shownCookies = shownCookies;
    }

    static Credentials of(FlowSpec flow) {
        Set<String> sentAsCredential = new HashSet<>();
        for (FlowSpec.Step step : flow.steps()) {
            step.request().headers().forEach((name, value) -> {
                if (!FlowSpec.Capture.CREDENTIAL_HEADERS.contains(name.toLowerCase(Locale.ROOT))) return;
                try {
                    for (Template.Ref ref : Template.parse(value).refs()) {
                        if (ref instanceof Template.Capture c) sentAsCredential.add(c.name());
                    }
                } catch (Template.Invalid e) {
                    // the spec reader refused invalid templates already
                }
            });
        }
        Set<String> masked = new HashSet<>();
        Set<String> shownCookies = new HashSet<>();
        for (FlowSpec.Step step : flow.steps()) {
            for (FlowSpec.Capture c : step.captures()) {
                boolean credential = c.looksLikeCredential() || sentAsCredential.contains(c.name());
                if (Boolean.TRUE.equals(c.redact()) || c.redact() == null && credential) masked.add(c.name());
                if (Boolean.FALSE.equals(c.redact()) && c.source() == FlowSpec.Source.COOKIE) shownCookies.add(c.expression());
            }
        }
        return new Credentials(Set.copyOf(masked), Set.copyOf(shownCookies));
    }

    boolean masks(FlowSpec.Capture capture) {
        return maskedCaptures.contains(capture.name());
    }

    /** The values of the cookies {@code response} sets: sessions, to be masked wherever they show (Set-Cookie evidence). */
    List<String> sessionCookies(HttpResponse<CappedBody> response) {
        return response.headers().allValues("set-cookie").stream()
                .flatMap(header -> {
                    try {
                        return HttpCookie.parse(header).stream();
                    } catch (IllegalArgumentException e) {
                        return Stream.<HttpCookie>empty(); // not a cookie the jar keeps either
                    }
                })
                .filter(cookie -> !shownCookies.contains(cookie.getName()))
                .map(HttpCookie::getValue).toList();
    }
}
