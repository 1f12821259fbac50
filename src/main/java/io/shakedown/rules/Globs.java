package io.shakedown.rules;

import java.util.regex.Pattern;

/**
 * Path globs as rule files write them: {@code *} within one folder, {@code **} across folders
 * ({@code /app/**}{@code /x.jar} also matches {@code /app/x.jar}), {@code ?} one character, {@code {a,b}}
 * alternatives. {@code {workdir}} stands for the image's WorkingDir.
 */
final class Globs {
    private Globs() {}

    static Pattern compile(String glob) {
        StringBuilder re = new StringBuilder();
        boolean inGroup = false;
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            switch (c) {
                case '*' -> {
                    if (i + 1 < glob.length() && glob.charAt(i + 1) == '*') {
                        boolean slashAfter = i + 2 < glob.length() && glob.charAt(i + 2) == '/';
                        re.append(slashAfter ? "(?:.*/)?" : ".*");
                        i += slashAfter ? 2 : 1;
                    } else {
                        re.append("[^/]*");
                    }
                }
                case '?' -> re.append("[^/]");
                case '{' -> {
                    inGroup = true;
                    re.append("(?:");
                }
                case '}' -> {
                    inGroup = false;
                    re.append(')');
                }
                case ',' -> re.append(inGroup ? "|" : ",");
                default -> re.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(re.toString());
    }

    /** The folder before the first wildcard: what has to be read from the image to match the glob. */
    static String literalPrefix(String glob) {
        int wild = indexOfWildcard(glob);
        if (wild < 0) return glob;
        int slash = glob.lastIndexOf('/', wild);
        return slash <= 0 ? "/" : glob.substring(0, slash);
    }

    static boolean hasWildcard(String glob) {
        return indexOfWildcard(glob) >= 0;
    }

    private static int indexOfWildcard(String glob) {
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            if (c == '*' || c == '?' || c == '{' && !glob.startsWith("{workdir}", i)) return i;
        }
        return -1;
    }
}
