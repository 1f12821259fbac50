package io.shakedown.target;

import io.shakedown.report.Report;
import java.net.URI;

/** An already running deployment (a staging URL): nothing to start or stop, only probes. */
public final class UrlTarget implements RunningTarget {
    private final URI url;
    private final LogBuffer noLog = new LogBuffer(1);

    public UrlTarget(URI url) {
        this.url = url;
    }

    @Override
    public URI baseUrl() {
        String s = url.toString();
        return URI.create(s.endsWith("/") ? s.substring(0, s.length() - 1) : s);
    }

    @Override
    public Report.TargetInfo info() {
        return new Report.TargetInfo("url", null, null, null, url.toString(), declaredPort());
    }

    @Override
    public LogBuffer log() {
        return noLog;
    }

    @Override
    public int declaredPort() {
        if (url.getPort() > 0) return url.getPort();
        return "https".equalsIgnoreCase(url.getScheme()) ? 443 : 80;
    }

    @Override
    public void close() {
        // nothing was started
    }
}
