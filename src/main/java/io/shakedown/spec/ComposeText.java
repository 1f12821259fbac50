package io.shakedown.spec;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The text forms a Compose file leans on ({@link ComposeImport}): env files ({@code env_file}, {@code .env}) and command strings. */
final class ComposeText {
    private ComposeText() {}

    /** {@code KEY=value} lines ({@code export} and matching quotes allowed; comments and blank lines skipped). */
    static Map<String, String> parseEnvFile(String text) {
        Map<String, String> env = new LinkedHashMap<>();
        for (String raw : text.split("\\R")) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) continue;
            if (line.startsWith("export ")) line = line.substring(7).strip();
            int eq = line.indexOf('=');
            if (eq <= 0) continue;
            String value = line.substring(eq + 1).strip();
            if (value.length() >= 2 && (value.startsWith("\"") && value.endsWith("\"") || value.startsWith("'") && value.endsWith("'"))) {
                value = value.substring(1, value.length() - 1);
            }
            env.put(line.substring(0, eq).strip(), value);
        }
        return env;
    }

    /** Splits a command string the way Compose does (shell-like words, quotes kept together). */
    static List<String> shellWords(String s) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean inWord = false;
        char quote = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (quote != 0) {
                if (c == quote) quote = 0;
                else if (c == '\\' && quote == '"' && i + 1 < s.length()) word.append(s.charAt(++i));
                else word.append(c);
            } else if (c == '\'' || c == '"') {
                quote = c;
                inWord = true;
            } else if (Character.isWhitespace(c)) {
                if (inWord) words.add(word.toString());
                word.setLength(0);
                inWord = false;
            } else {
                if (c == '\\' && i + 1 < s.length()) c = s.charAt(++i);
                word.append(c);
                inWord = true;
            }
        }
        if (inWord) words.add(word.toString());
        return words;
    }
}
