package io.shakedown.assets;

import io.shakedown.probe.CappedBody;
import io.shakedown.probe.HttpProbe;
import io.shakedown.report.Report.AssetResult;
import io.shakedown.report.Report.AssetsResult;
import io.shakedown.report.Report.PageResult;
import io.shakedown.report.Report.SpaRouteResult;
import io.shakedown.report.StageStatus;
import io.shakedown.run.Bounded;
import io.shakedown.run.Cancellation;
import io.shakedown.spec.AssetsSpec;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

/**
 * Static-asset and SPA checks. For each page: fetch it, parse the HTML (jsoup), and request every same-origin
 * script, stylesheet, image, icon, manifest and preload it references, plus the fonts and images its
 * same-origin stylesheets reference with {@code url(...)}; any non-2xx names the page and the URL. For each SPA
 * route: it must answer 200 with the same document as the shell (a missing history fallback answers 404), and
 * the shell's assets must also load when resolved from that route (relative asset paths break on deep links).
 */
public final class AssetChecker {
    static final Duration TIMEOUT = Duration.ofSeconds(10);
    static final int PARALLEL_REQUESTS = 8;
    private static final Pattern CSS_URL = Pattern.compile("url\\(\\s*['\"]?([^'\")]+?)['\"]?\\s*\\)");
    private static final List<String> FONT_EXTENSIONS = List.of(".woff2", ".woff", ".ttf", ".otf", ".eot");

    private final HttpProbe http;
    /** Each URL is requested once per run, however many pages reference it. */
    private final Map<URI, AssetResult> fetched = new ConcurrentHashMap<>();

    public AssetChecker(HttpProbe http) {
        this.http = http;
    }

    public AssetsResult run(AssetsSpec spec, URI base, Cancellation cancellation) throws InterruptedException {
        return run(spec, List.of(), base, cancellation);
    }

    /**
     * As above, plus {@code seen}: paths of pages the run already got as HTML (readiness, checks, flow steps), crawled
     * by default. A seen path that does not answer 2xx HTML now is left out (the check that fetched it judges it);
     * one already declared is checked once.
     */
    public AssetsResult run(AssetsSpec spec, List<String> seen, URI base, Cancellation cancellation) throws InterruptedException {
        List<PageResult> pages = new ArrayList<>();
        for (String path : spec.pages()) {
            if (cancellation.isCancelled()) break;
            pages.add(page(base, path));
        }
        for (String path : seen.stream().distinct().filter(p -> !spec.pages().contains(p)).toList()) {
            if (cancellation.isCancelled()) break;
            PageResult r = seenPage(base, path);
            if (r != null) pages.add(r);
        }
        List<SpaRouteResult> routes = new ArrayList<>();
        if (!spec.spaRoutes().isEmpty()) {
            Fetched shell = fetch(URI.create(base + spec.shell()));
            for (String route : spec.spaRoutes()) {
                if (cancellation.isCancelled()) break;
                routes.add(route(base, route, spec.shell(), shell));
            }
        }
        List<String> failures = new ArrayList<>();
        pages.stream().filter(p -> p.status() != StageStatus.PASSED).forEach(p -> failures.add(p.failure()));
        routes.stream().filter(r -> r.status() != StageStatus.PASSED).forEach(r -> failures.add(r.failure()));
        StageStatus status = !failures.isEmpty() ? StageStatus.FAILED : cancellation.isCancelled() ? StageStatus.CANCELLED : StageStatus.PASSED;
        String failure = failures.isEmpty() ? null
                : failures.get(0) + (failures.size() > 1 ? " (and " + (failures.size() - 1) + " more problem(s))" : "");
        return new AssetsResult(status, List.copyOf(pages), List.copyOf(routes), failure);
    }

    private PageResult page(URI base, String path) throws InterruptedException {
        URI url = URI.create(base + path);
        Fetched page = fetch(url);
        if (page.error() != null) {
            return new PageResult(path, StageStatus.FAILED, null, List.of(), "page " + path + " got no answer: " + page.error());
        }
        if (page.status() / 100 != 2) {
            return new PageResult(path, StageStatus.FAILED, page.status(), List.of(), "page " + path + " answered " + page.status());
        }
        List<AssetResult> assets = checkAll(references(page, url));
        String failure = missing(assets, "page " + path);
        return new PageResult(path, failure == null ? StageStatus.PASSED : StageStatus.FAILED, page.status(), assets, failure);
    }

    /** A page the run saw as HTML: crawled like a declared one, but left out (null) when it is not a 2xx HTML page now. */
    private PageResult seenPage(URI base, String path) throws InterruptedException {
        URI url;
        try {
            url = URI.create(base + path);
        } catch (IllegalArgumentException e) {
            return null;
        }
        Fetched page = fetch(url);
        if (page.error() != null || page.status() / 100 != 2 || !page.isHtml()) return null;
        List<AssetResult> assets = checkAll(references(page, url));
        String failure = missing(assets, "page " + path);
        return new PageResult(path, failure == null ? StageStatus.PASSED : StageStatus.FAILED, page.status(), assets, failure);
    }

    private SpaRouteResult route(URI base, String route, String shellPath, Fetched shell) throws InterruptedException {
        URI url = URI.create(base + route);
        Fetched page = fetch(url);
        if (page.error() != null) {
            return new SpaRouteResult(route, StageStatus.FAILED, null, false, null, "SPA route " + route + " got no answer: " + page.error());
        }
        boolean same = shell.error() == null && shell.status() == 200 && sameDocument(shell, page);
        if (page.status() != 200) {
            return new SpaRouteResult(route, StageStatus.FAILED, page.status(), false, null, "SPA route " + route + " answered "
                    + page.status() + ", not 200 with the app shell (" + shellPath + "); the server needs a history fallback to "
                    + shellPath + " for unknown paths");
        }
        if (!same) {
            return new SpaRouteResult(route, StageStatus.FAILED, page.status(), false, null, "SPA route " + route
                    + " answered 200 but not with the app shell: its document differs from " + shellPath
                    + (shell.status() != 200 ? " (which itself answered " + shell.status() + ")" : ""));
        }
        List<AssetResult> assets = checkAll(references(page, url));
        String failure = missing(assets, "SPA route " + route);
        if (failure != null) failure += " (resolved from the deep link: use absolute asset paths)";
        return new SpaRouteResult(route, failure == null ? StageStatus.PASSED : StageStatus.FAILED, page.status(), true, assets, failure);
    }

    private static String missing(List<AssetResult> assets, String where) {
        List<AssetResult> bad = assets.stream().filter(a -> !a.ok()).toList();
        if (bad.isEmpty()) return null;
        AssetResult first = bad.get(0);
        return where + " references " + first.kind() + " " + first.url() + ", which " + first.problem()
                + (bad.size() > 1 ? " (and " + (bad.size() - 1) + " more missing asset(s): "
                + String.join(", ", bad.stream().skip(1).limit(5).map(AssetResult::url).toList()) + ")" : "");
    }

    /** Same bytes, or (for a server that stamps nonces or timestamps) the same title, scripts and stylesheets. */
    private static boolean sameDocument(Fetched a, Fetched b) {
        if (Arrays.equals(a.body(), b.body())) return true;
        Document da = Jsoup.parse(a.text()), db = Jsoup.parse(b.text());
        return Objects.equals(signature(da), signature(db)) && !signature(da).equals("||");
    }

    private static String signature(Document d) {
        return d.title() + "|" + String.join(",", d.select("script[src]").eachAttr("src")) + "|"
                + String.join(",", d.select("link[rel~=(?i)stylesheet]").eachAttr("href"));
    }

    /** Same-origin references of an HTML page, with their kind; stylesheets' url(...) references included. */
    private Map<URI, String> references(Fetched page, URI pageUrl) throws InterruptedException {
        Document doc = Jsoup.parse(page.text(), pageUrl.toString());
        Map<URI, String> refs = new LinkedHashMap<>();
        for (Element e : doc.select("script[src]")) add(refs, pageUrl, e.attr("abs:src"), "script");
        for (Element e : doc.select("link[href]")) {
            String rel = e.attr("rel").toLowerCase(Locale.ROOT);
            String kind = rel.contains("stylesheet") ? "style"
                    : rel.contains("icon") ? "icon"
                    : rel.contains("manifest") ? "manifest"
                    : rel.contains("preload") ? ("font".equals(e.attr("as")) ? "font" : "preload")
                    : null;
            if (kind != null) add(refs, pageUrl, e.attr("abs:href"), kind);
        }
        for (Element e : doc.select("img[src], source[src], video[poster], input[type=image][src]")) {
            add(refs, pageUrl, e.hasAttr("poster") ? e.attr("abs:poster") : e.attr("abs:src"), "image");
        }
        for (Element e : doc.select("img[srcset], source[srcset]")) {
            for (String candidate : e.attr("srcset").split(",")) {
                String u = candidate.strip().split("\\s+")[0];
                if (!u.isEmpty()) add(refs, pageUrl, resolve(pageUrl, u), "image");
            }
        }
        // fonts and images referenced by same-origin stylesheets (one level deep)
        for (var ref : List.copyOf(refs.entrySet())) {
            if (!ref.getValue().equals("style")) continue;
            Fetched css = fetch(ref.getKey());
            if (css.error() != null || css.status() / 100 != 2) continue;
            Matcher m = CSS_URL.matcher(css.text());
            while (m.find()) {
                String u = m.group(1).strip();
                if (u.startsWith("data:") || u.startsWith("#")) continue;
                String lower = u.toLowerCase(Locale.ROOT).replaceAll("[?#].*", "");
                add(refs, ref.getKey(), resolve(ref.getKey(), u), FONT_EXTENSIONS.stream().anyMatch(lower::endsWith) ? "font" : "image");
            }
        }
        return refs;
    }

    private static String resolve(URI against, String ref) {
        try {
            return against.resolve(ref.replace(" ", "%20")).toString();
        } catch (IllegalArgumentException e) {
            return "";
        }
    }

    private static void add(Map<URI, String> refs, URI page, String absolute, String kind) {
        if (absolute == null || absolute.isEmpty()) return;
        try {
            URI u = new URI(absolute);
            if (!"http".equalsIgnoreCase(u.getScheme()) && !"https".equalsIgnoreCase(u.getScheme())) return;
            boolean sameOrigin = u.getScheme().equalsIgnoreCase(page.getScheme()) && Objects.equals(u.getHost(), page.getHost())
                    && u.getPort() == page.getPort();
            if (!sameOrigin) return; // third-party CDNs are not this build's artifacts
            URI withoutFragment = new URI(u.getScheme(), u.getAuthority(), u.getPath(), u.getQuery(), null);
            refs.putIfAbsent(withoutFragment, kind);
        } catch (URISyntaxException ignored) {
            // not a URL we could request
        }
    }

    private List<AssetResult> checkAll(Map<URI, String> refs) throws InterruptedException {
        return Bounded.map(new ArrayList<>(refs.entrySet()), PARALLEL_REQUESTS, "asset check", ref -> {
            AssetResult known = fetched.get(ref.getKey()); // no blocking request inside a map lock
            if (known != null) return known;
            AssetResult r = check(ref.getKey(), ref.getValue());
            AssetResult raced = fetched.putIfAbsent(ref.getKey(), r);
            return raced != null ? raced : r;
        });
    }

    private AssetResult check(URI url, String kind) {
        try {
            Fetched f = fetch(url);
            String shown = url.getRawPath() + (url.getRawQuery() == null ? "" : "?" + url.getRawQuery());
            if (f.error() != null) return new AssetResult(shown, kind, null, false, "got no answer: " + f.error());
            boolean ok = f.status() / 100 == 2;
            return new AssetResult(shown, kind, f.status(), ok, ok ? null : "answered " + f.status());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new AssetResult(url.getRawPath(), kind, null, false, "interrupted");
        }
    }

    private record Fetched(int status, byte[] body, String error, String contentType) {
        Fetched(int status, byte[] body, String error) {
            this(status, body, error, null);
        }

        boolean isHtml() {
            return contentType != null ? contentType.toLowerCase(Locale.ROOT).contains("html")
                    : text().stripLeading().toLowerCase(Locale.ROOT).startsWith("<!doctype html") || text().contains("<html");
        }

        String text() {
            return body == null ? "" : new String(body, StandardCharsets.UTF_8);
        }
    }

    private Fetched fetch(URI url) throws InterruptedException {
        var request = HttpProbe.request(url, TIMEOUT).GET().build();
        try {
            HttpResponse<CappedBody> r = HttpProbe.exchange(http.client(), request, TIMEOUT);
            return new Fetched(r.statusCode(), r.body().bytes(), null, r.headers().firstValue("content-type").orElse(null));
        } catch (IOException e) {
            return new Fetched(0, null, HttpProbe.describe(e));
        }
    }
}
