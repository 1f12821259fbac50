package io.shakedown.ui;

import io.shakedown.store.RunQueries;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import io.shakedown.api.ApiAuth;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The web UI's sign-in over plain HTTP against the running service and PostgreSQL: the cookie's flags, the
 * return to the page asked for, CSRF on every form, tampered and foreign sessions, project isolation, and every
 * page and download answering. Runs are real: URL targets pointing at this very service (no containers needed).
 * The browser tests (UiBrowserTest) do the same through Chromium.
 */
@QuarkusTest
class UiSignInTest {
    static final Pattern NONCE = Pattern.compile("name=\"nonce\" value=\"([^\"]+)\"");
    static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");

    /** This very service's management interface, where /q/health/live answers: the target of the tests' runs. */
    String self;
    /** This very service's public port, where its sign-in page answers: the staging URL of the tests' monitors. */
    String service;
    @jakarta.inject.Inject RunQueries queries;
    @jakarta.inject.Inject Sessions sessions;
    @jakarta.inject.Inject io.shakedown.auth.SessionKeyStore sessionKeys;

    @BeforeEach
    void noDefaultToken() {
        RestAssured.requestSpecification = null;
        self = io.shakedown.support.Management.url("");
        service = io.quarkus.test.common.http.TestHTTPResourceManager.getUri().replaceAll("/$", "");
    }

    /** A real run against this service: PASSED when {@code status} is what /q/health/live answers (200), FAILED otherwise. */
    String run(String token, String app, int status) {
        String spec = """
                app: %s
                environment: ui-test
                target: { url: "%s" }
                readiness: { http: { path: /q/health/live, status: 200 } }
                checks:
                  - name: health answers
                    request: { path: /q/health/live }
                    expect: { status: %d }
                """.formatted(app, self, status);
        return given().header("Authorization", ApiAuth.bearer(token)).contentType("application/yaml").body(spec.getBytes(StandardCharsets.UTF_8))
                .post("/api/v1/validations?wait=30").then().statusCode(200).extract().path("id");
    }

    /** Signs in through the form, as a browser does; returns the session cookie. */
    static String signIn(String token, String next) {
        Response form = given().redirects().follow(false).get("/login?next=" + next);
        assertEquals(200, form.statusCode());
        String nonce = group(NONCE, form.asString());
        Response done = given().redirects().follow(false).cookie(Sessions.LOGIN_COOKIE, form.cookie(Sessions.LOGIN_COOKIE))
                .formParams(Map.of("token", token, "next", next, "nonce", nonce)).post("/login");
        assertEquals(303, done.statusCode(), done.asString());
        return done.cookie(Sessions.COOKIE);
    }

    /** A real monitor (hourly) whose spec checks this very service's sign-in page (200 without a session); returns its id. */
    static String createMonitor(String token, String name, String serviceUrl) {
        return createMonitor(token, name, serviceUrl, "browser: false");
    }

    /** As above, with {@code browser} as the spec's browser section. */
    static String createMonitor(String token, String name, String serviceUrl, String browser) {
        String monitor = """
                name: %s
                every: 1h
                spec:
                  app: %s-app
                  target: { url: "%s" }
                  readiness: { http: { path: /login, status: 200 } }
                  checks:
                    - name: live
                      request: { path: /login }
                      expect: { status: 200 }
                  %s
                """.formatted(name, name, serviceUrl, browser);
        return given().header("Authorization", ApiAuth.bearer(token)).contentType("application/yaml").body(monitor.getBytes(StandardCharsets.UTF_8))
                .post("/api/v1/monitors").then().statusCode(201).extract().path("id");
    }

    static String group(Pattern p, String text) {
        Matcher m = p.matcher(text);
        assertTrue(m.find(), p + " in " + text);
        return m.group(1);
    }

    @Test
    void signInReturnsToThePageAskedForWithAnHttpOnlyLaxCookie() {
        String token = ApiAuth.newToken("ui-signin");
        String id = run(token, "ui-signin-app", 404);
        // not signed in: to the sign-in page, remembering where to come back
        given().redirects().follow(false).get("/runs/" + id + "?q=x").then().statusCode(303)
                .header("Location", endsWith("/login?next=%2Fruns%2F" + id + "%3Fq%3Dx"));
        Response form = given().redirects().follow(false).get("/login?next=/runs/" + id);
        String setCookie = form.header("Set-Cookie");
        assertTrue(setCookie.contains("HttpOnly") && setCookie.contains("SameSite=Lax"), setCookie);
        String nonce = group(NONCE, form.asString());
        // a wrong token: 401 with the form again, no session
        Response wrong = given().redirects().follow(false).cookie(Sessions.LOGIN_COOKIE, form.cookie(Sessions.LOGIN_COOKIE))
                .formParams(Map.of("token", "sdk_wrong", "next", "/runs/" + id, "nonce", nonce)).post("/login");
        assertEquals(401, wrong.statusCode());
        assertTrue(wrong.asString().contains("unknown, revoked or expired"));
        assertEquals(null, wrong.cookie(Sessions.COOKIE));
        // a form posted from elsewhere (no matching nonce cookie): refused
        given().redirects().follow(false).formParams(Map.of("token", token, "next", "/runs", "nonce", nonce)).post("/login").then().statusCode(403);
        // the right token: back to the run
        Response ok = given().redirects().follow(false).cookie(Sessions.LOGIN_COOKIE, form.cookie(Sessions.LOGIN_COOKIE))
                .formParams(Map.of("token", token, "next", "/runs/" + id, "nonce", nonce)).post("/login");
        assertEquals(303, ok.statusCode());
        assertTrue(ok.header("Location").endsWith("/runs/" + id), ok.header("Location"));
        String session = ok.headers().getValues("Set-Cookie").stream().filter(c -> c.startsWith(Sessions.COOKIE + "=")).findFirst().orElseThrow();
        assertTrue(session.contains("HttpOnly") && session.contains("SameSite=Lax") && session.contains("Max-Age=43200"), session);
        assertFalse(session.contains("Secure"), "plain HTTP here: Secure only over TLS");
        assertFalse(session.contains(token.substring(4)), "the token never travels in the cookie");
        String page = given().cookie(Sessions.COOKIE, ok.cookie(Sessions.COOKIE)).get("/runs/" + id).then().statusCode(200).extract().asString();
        assertTrue(page.contains("class=\"banner FAILED\"") && page.contains("status: expected 404, got 200"), "verdict and what failed");
    }

    @Test
    void anAdminSessionEndsWhenTheAdminTokenChanges() {
        String admin = signIn(ApiAuth.ADMIN_TOKEN, "/runs");
        given().redirects().follow(false).cookie(Sessions.COOKIE, admin).get("/runs").then().statusCode(200);
        // a session signed by this very service, but made while an earlier admin token was configured: what every admin
        // browser holds right after the token is rotated
        String beforeRotation = sessions.encode(sessions.openAdmin("an-earlier-admin-token-0123456789abcdef"));
        given().redirects().follow(false).cookie(Sessions.COOKIE, beforeRotation).get("/runs").then().statusCode(303)
                .header("Location", containsString("/login"));
        assertFalse(admin.contains(java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(java.util.HexFormat.of().parseHex(io.shakedown.auth.Tokens.sha256Hex(ApiAuth.ADMIN_TOKEN)))),
                "the cookie carries a keyed fingerprint of the admin token, not its plain hash");
    }

    @Test
    void anotherReplicaSharingTheDatabaseAcceptsTheSession() {
        String token = ApiAuth.newToken("ui-replicas");
        // another replica's Sessions: nothing shared with this one but PostgreSQL (no shakedown.ui.session-key set)
        Sessions otherReplica = new Sessions();
        otherReplica.config = new UiConfig() {
            public java.util.Optional<String> sessionKey() { return java.util.Optional.empty(); }
            public int sessionHours() { return 1; }
        };
        otherReplica.keys = sessionKeys;
        String cookie = otherReplica.encode(otherReplica.openProject("ui-replicas", io.shakedown.auth.Tokens.sha256Hex(token)));
        given().redirects().follow(false).cookie(Sessions.COOKIE, cookie).get("/runs").then().statusCode(200).body(containsString("project ui-replicas"));
    }

    @Test
    void nextIsAlwaysAPathOnThisSite() {
        assertEquals("/runs", LoginPage.safeNext("//evil.example/x"));
        assertEquals("/runs", LoginPage.safeNext("https://evil.example/"));
        assertEquals("/runs", LoginPage.safeNext("/\\evil.example"));
        assertEquals("/runs/1?q=a", LoginPage.safeNext("/runs/1?q=a"));
        assertEquals("/runs", LoginPage.safeNext("/runs?app=a b"));
    }

    @Test
    void aProjectSeesOnlyItsOwnRunsAppsAndComparisons() {
        String alpha = ApiAuth.newToken("ui-alpha"), beta = ApiAuth.newToken("ui-beta");
        String mine = run(alpha, "ui-alpha-app", 200), theirs = run(beta, "ui-beta-app", 200);
        String cookie = signIn(alpha, "/runs");
        given().cookie(Sessions.COOKIE, cookie).get("/runs").then().statusCode(200)
                .body(containsString("ui-alpha-app"), not(containsString("ui-beta-app")));
        given().cookie(Sessions.COOKIE, cookie).get("/runs/" + theirs).then().statusCode(404).body(not(containsString("ui-beta-app")));
        given().cookie(Sessions.COOKIE, cookie).get("/runs/" + theirs + "/report.json").then().statusCode(404);
        given().cookie(Sessions.COOKIE, cookie).get("/runs/" + theirs + "/events").then().statusCode(404);
        given().cookie(Sessions.COOKIE, cookie).get("/apps/ui-beta-app").then().statusCode(404);
        given().cookie(Sessions.COOKIE, cookie).get("/compare?a=" + mine + "&b=" + theirs).then().statusCode(404);
        given().cookie(Sessions.COOKIE, cookie).get("/runs/" + mine).then().statusCode(200).body(containsString("ui-alpha-app"));
        // the admin token sees every project
        String admin = signIn(ApiAuth.ADMIN_TOKEN, "/runs");
        given().cookie(Sessions.COOKIE, admin).get("/runs/" + theirs).then().statusCode(200);
    }

    @Test
    void everyPageAndDownloadAnswers() {
        String token = ApiAuth.newToken("ui-pages");
        String a = run(token, "ui-pages-app", 200), b = run(token, "ui-pages-app", 500);
        String cookie = signIn(token, "/runs");
        given().cookie(Sessions.COOKIE, cookie).get("/runs?app=ui-pages-app&verdict=FAILED").then().statusCode(200)
                .body(containsString(b), not(containsString(a)));
        given().cookie(Sessions.COOKIE, cookie).get("/runs?verdict=NOPE").then().statusCode(400).body(containsString("verdict"));
        given().cookie(Sessions.COOKIE, cookie).get("/runs?from=yesterday").then().statusCode(400).body(containsString("from"));
        // a hand-edited page cursor or compare id is a 400 naming the parameter
        given().cookie(Sessions.COOKIE, cookie).get("/runs?before=nope").then().statusCode(400).body(containsString("before:"));
        given().cookie(Sessions.COOKIE, cookie).get("/runs?after=12x_" + a).then().statusCode(400).body(containsString("after:"));
        given().cookie(Sessions.COOKIE, cookie).get("/runs?before=-9223372036854775807_" + a).then().statusCode(400).body(containsString("before:"));
        given().cookie(Sessions.COOKIE, cookie).get("/compare?a=nope&b=" + b).then().statusCode(400).body(containsString("a: a run"));
        given().cookie(Sessions.COOKIE, cookie).get("/compare?a=" + a).then().statusCode(400).body(containsString("b: a run"));
        given().cookie(Sessions.COOKIE, cookie).get("/runs/" + b + "?q=health").then().statusCode(200).body(containsString("id=\"log\""));
        for (String f : new String[] {"json", "junit", "sarif", "markdown", "html"}) {
            given().cookie(Sessions.COOKIE, cookie).get("/runs/" + b + "/report." + f).then().statusCode(200)
                    .header("Content-Disposition", containsString("attachment"));
        }
        given().cookie(Sessions.COOKIE, cookie).get("/apps/ui-pages-app").then().statusCode(200)
                .body(containsString("check health answers"), containsString("new failure"));
        given().cookie(Sessions.COOKIE, cookie).get("/compare?a=" + a + "&b=" + b).then().statusCode(200)
                .body(containsString("newly failing"), containsString("class=\"del\""));
        given().cookie(Sessions.COOKIE, cookie).get("/rules?pack=spring").then().statusCode(200);
        given().cookie(Sessions.COOKIE, cookie).get("/runs/not-a-uuid").then().statusCode(404);
        // every page, an error page too, gets the same page context (PageContext): who is signed in, the sign-out form
        // with the session's CSRF token, Shakedown's version
        String csrf = group(CSRF, given().cookie(Sessions.COOKIE, cookie).get("/runs").then().extract().asString());
        for (String path : List.of("/runs", "/runs/" + b, "/apps/ui-pages-app", "/compare?a=" + a + "&b=" + b, "/rules", "/monitors", "/runs?verdict=NOPE")) {
            String html = given().cookie(Sessions.COOKIE, cookie).get(path).then().extract().asString();
            assertTrue(html.contains("<span class=\"who\">project ui-pages") && html.contains("value=\"" + csrf + "\"><button id=\"sign-out\">")
                    && html.contains("<footer class=\"version\">Shakedown "), path + ": " + html);
        }
    }

    @Test
    void formsNeedTheSessionsCsrfTokenAndTamperedCookiesAreRefused() {
        String token = ApiAuth.newToken("ui-csrf");
        String cookie = signIn(token, "/runs");
        String page = given().cookie(Sessions.COOKIE, cookie).get("/runs").then().statusCode(200).extract().asString();
        String csrf = group(CSRF, page);
        given().redirects().follow(false).cookie(Sessions.COOKIE, cookie).formParam("csrf", "forged").post("/logout").then().statusCode(403);
        given().redirects().follow(false).cookie(Sessions.COOKIE, cookie).formParams(Map.of("csrf", "forged", "environment", "ci", "scenario", "s", "runId", "x"))
                .post("/apps/x/pin").then().statusCode(403);
        // a cookie whose payload was edited (another project) no longer verifies
        String forged = cookie.replaceFirst("^p\\.[^.]*", "p." + java.util.Base64.getUrlEncoder().withoutPadding().encodeToString("ui-alpha".getBytes(StandardCharsets.UTF_8)));
        given().redirects().follow(false).cookie(Sessions.COOKIE, forged).get("/runs").then().statusCode(303);
        Response out = given().redirects().follow(false).cookie(Sessions.COOKIE, cookie).formParam("csrf", csrf).post("/logout");
        assertEquals(303, out.statusCode());
        assertTrue(out.header("Location").endsWith("/login"));
        String cleared = out.header("Set-Cookie");
        assertNotNull(cleared);
        assertTrue(cleared.contains("Max-Age=0"), cleared);
    }

    @Test
    void monitorsShowStateAndUptimeBarsAndPauseResumeAndRunNowThroughForms() throws Exception {
        String token = ApiAuth.newToken("ui-monitors"), other = ApiAuth.newToken("ui-monitors-other");
        // the browser stage opens a page of the staging URL (this service's sign-in page) in the machine's Chromium
        String id = createMonitor(token, "ui-staging-health", service, "browser: { pages: [/login] }");
        String cookie = signIn(token, "/monitors");
        String list = given().cookie(Sessions.COOKIE, cookie).get("/monitors").then().statusCode(200).extract().asString();
        assertTrue(list.contains("ui-staging-health") && list.contains("Daily uptime of ui-staging-health over 30 days"), list);
        String page = given().cookie(Sessions.COOKIE, cookie).get("/monitors/" + id).then().statusCode(200).extract().asString();
        assertEquals(30 + 90, page.split("<span class=\"none\" title=").length - 1 + page.split("<span class=\"up\" title=").length - 1, "a bar per day");
        assertTrue(page.contains("No screenshot yet"), "no run yet, no screenshot");
        String csrf = group(CSRF, page);
        // run now: a real run, then its day's bar turns green
        Response ran = given().redirects().follow(false).cookie(Sessions.COOKIE, cookie).formParam("csrf", csrf).post("/monitors/" + id + "/run");
        assertEquals(303, ran.statusCode(), ran.asString());
        String runId = ran.header("Location").replaceAll(".*/runs/", "");
        given().header("Authorization", ApiAuth.bearer(token)).get("/api/v1/validations/" + runId + "?wait=30").then().statusCode(200)
                .body("status", org.hamcrest.Matchers.equalTo("PASSED"));
        page = given().cookie(Sessions.COOKIE, cookie).get("/monitors/" + id).then().statusCode(200).extract().asString();
        assertTrue(page.contains("<span class=\"up\" title=") && page.contains("/runs/" + runId), "today's bar and the run: " + page);
        // the monitor's last screenshot: the page the run's browser opened, linking to that run
        assertTrue(page.contains("page /login (PASSED) in <a href=\"/runs/" + runId + "\""), "which page, from which run: " + page);
        assertTrue(page.contains("<img src=\"data:image/jpeg;base64,"), "the screenshot itself");
        // pause, then resume, each through its form
        given().redirects().follow(false).cookie(Sessions.COOKIE, cookie).formParam("csrf", "forged").post("/monitors/" + id + "/pause").then().statusCode(403);
        given().redirects().follow(false).cookie(Sessions.COOKIE, cookie).formParam("csrf", csrf).post("/monitors/" + id + "/pause").then().statusCode(303);
        given().cookie(Sessions.COOKIE, cookie).get("/monitors/" + id).then().statusCode(200).body(containsString("PAUSED — ui-staging-health"), containsString("id=\"resume\""));
        given().redirects().follow(false).cookie(Sessions.COOKIE, cookie).formParam("csrf", csrf).post("/monitors/" + id + "/resume").then().statusCode(303);
        given().cookie(Sessions.COOKIE, cookie).get("/monitors/" + id).then().statusCode(200).body(containsString("id=\"pause\""));
        // another project: not found, not listed, cannot pause it
        String theirs = signIn(other, "/monitors");
        given().cookie(Sessions.COOKIE, theirs).get("/monitors").then().statusCode(200).body(not(containsString("ui-staging-health")));
        given().cookie(Sessions.COOKIE, theirs).get("/monitors/" + id).then().statusCode(404);
        String theirCsrf = group(CSRF, given().cookie(Sessions.COOKIE, theirs).get("/monitors").asString());
        given().redirects().follow(false).cookie(Sessions.COOKIE, theirs).formParam("csrf", theirCsrf).post("/monitors/" + id + "/pause").then().statusCode(404);
    }

    @Test
    void theRunsPageFiltersByMonitorWithinTheProjectAndPagesWithTheFilter() {
        String token = ApiAuth.newToken("ui-monitor-filter"), other = ApiAuth.newToken("ui-monitor-filter-other");
        String url = service;
        String mine = createMonitor(token, "ui-filter-a", url), sibling = createMonitor(token, "ui-filter-b", url);
        String theirMonitor = createMonitor(other, "ui-filter-theirs", url);
        String a1 = runNow(token, mine), a2 = runNow(token, mine), b1 = runNow(token, sibling), plain = run(token, "ui-filter-plain", 200);
        String theirRun = runNow(other, theirMonitor);
        String cookie = signIn(token, "/runs");

        // the select lists this project's monitors by name, labelled; the monitor page links to the filter
        String all = given().cookie(Sessions.COOKIE, cookie).get("/runs").then().statusCode(200).extract().asString();
        assertTrue(all.contains("<label>Monitor <select name=\"monitor\">") && all.contains(">ui-filter-a</option>") && all.contains(">ui-filter-b</option>"), all);
        assertFalse(all.contains("ui-filter-theirs"), "another project's monitor is not offered");
        given().cookie(Sessions.COOKIE, cookie).get("/monitors/" + mine).then().statusCode(200).body(containsString("href=\"/runs?monitor=" + mine + "\""));

        String filtered = given().cookie(Sessions.COOKIE, cookie).get("/runs?monitor=" + mine).then().statusCode(200).extract().asString();
        assertTrue(filtered.contains("/runs/" + a1) && filtered.contains("/runs/" + a2), filtered);
        assertFalse(filtered.contains("/runs/" + b1) || filtered.contains("/runs/" + plain) || filtered.contains("/runs/" + theirRun), "only that monitor's runs: " + filtered);
        assertTrue(filtered.contains("<option value=\"" + mine + "\" selected>ui-filter-a</option>"), "the select keeps the choice");

        // keyset paging keeps the filter: one run a page, newest first, then the older one, then nothing
        var filter = new RunQueries.Filter(null, null, null, null, null, java.util.UUID.fromString(mine));
        RunQueries.Page first = queries.runs(filter, null, null, 1, "ui-monitor-filter");
        assertEquals(a2, first.rows().getFirst().id().toString());
        assertNotNull(first.older());
        RunQueries.Page second = queries.runs(filter, first.older(), null, 1, "ui-monitor-filter");
        assertEquals(a1, second.rows().getFirst().id().toString());
        assertEquals(null, second.older(), "no third run of that monitor");
        assertEquals(a2, queries.runs(filter, null, second.newer(), 1, "ui-monitor-filter").rows().getFirst().id().toString());
        assertTrue(new RunsPage.Filters(null, null, null, null, null, mine).query().contains("monitor=" + mine), "pager links carry the filter");

        // another project's monitor: not found, none of its runs shown; a malformed id names the field
        given().cookie(Sessions.COOKIE, cookie).get("/runs?monitor=" + theirMonitor).then().statusCode(404).body(not(containsString("/runs/" + theirRun)));
        given().cookie(Sessions.COOKIE, cookie).get("/runs?monitor=nope").then().statusCode(400).body(containsString("monitor"));
        assertTrue(queries.runs(new RunQueries.Filter(null, null, null, null, null, java.util.UUID.fromString(theirMonitor)), null, null, 50, "ui-monitor-filter").rows().isEmpty());
    }

    /** "Run now" through the API; waits for the run's verdict and returns its id. */
    static String runNow(String token, String monitor) {
        String runId = given().header("Authorization", ApiAuth.bearer(token)).post("/api/v1/monitors/" + monitor + "/run").then().statusCode(202).extract().path("runId");
        given().header("Authorization", ApiAuth.bearer(token)).get("/api/v1/validations/" + runId + "?wait=30").then().statusCode(200)
                .body("status", org.hamcrest.Matchers.equalTo("PASSED"));
        return runId;
    }
}
