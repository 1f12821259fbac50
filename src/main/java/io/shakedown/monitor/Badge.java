package io.shakedown.monitor;

/** A shields.io-style status badge ("shakedown | up 99.9%"), plain SVG with no external references. */
final class Badge {
    private Badge() {}

    static String svg(String label, String message, String color) {
        int lw = 6 * label.length() + 10;
        int mw = 6 * message.length() + 10;
        int w = lw + mw;
        String l = escape(label), m = escape(message);
        return """
                <svg xmlns="http://www.w3.org/2000/svg" width="%d" height="20" role="img" aria-label="%s: %s">
                <title>%s: %s</title>
                <rect width="%d" height="20" fill="#555"/><rect x="%d" width="%d" height="20" fill="%s"/>
                <g fill="#fff" text-anchor="middle" font-family="Verdana,DejaVu Sans,sans-serif" font-size="11">
                <text x="%d" y="14">%s</text><text x="%d" y="14">%s</text>
                </g>
                </svg>
                """.formatted(w, l, m, l, m, lw, lw, mw, color, lw / 2, l, lw + mw / 2, m);
    }

    static String color(MonitorState s) {
        return switch (s) {
            case UP -> "#2e7d32";
            case DEGRADED -> "#f9a825";
            case DOWN -> "#c62828";
            default -> "#9e9e9e";
        };
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
