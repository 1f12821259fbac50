package io.shakedown.rules;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Application config files as key → value with the line each is on: Java .properties
 * (application.properties) and YAML flattened to dotted keys (application.yaml / .yml, multi-document).
 */
final class ConfigFiles {
    record Property(String key, String value, int line) {}

    private ConfigFiles() {}

    static boolean isConfig(String path) {
        return path.endsWith(".properties") || path.endsWith(".yaml") || path.endsWith(".yml");
    }

    static List<Property> parse(String path, String text) {
        return path.endsWith(".properties") ? properties(text) : yaml(text);
    }

    static List<Property> properties(String text) {
        List<Property> out = new ArrayList<>();
        String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            int first = i;
            StringBuilder logical = new StringBuilder(lines[i].stripLeading());
            // a trailing backslash continues the value on the next line
            while (logical.toString().endsWith("\\") && i + 1 < lines.length) {
                logical.setLength(logical.length() - 1);
                logical.append(lines[++i].stripLeading());
            }
            String l = logical.toString();
            if (l.isEmpty() || l.startsWith("#") || l.startsWith("!")) continue;
            int sep = -1;
            for (int c = 0; c < l.length(); c++) {
                char ch = l.charAt(c);
                if (ch == '\\') { c++; continue; }
                if (ch == '=' || ch == ':' || Character.isWhitespace(ch)) { sep = c; break; }
            }
            String key = sep < 0 ? l : l.substring(0, sep).strip();
            String value = sep < 0 ? "" : l.substring(sep + 1).strip();
            if (value.startsWith("=") || value.startsWith(":")) value = value.substring(1).strip();
            out.add(new Property(key.replace("\\", ""), value, first + 1));
        }
        return out;
    }

    static List<Property> yaml(String text) {
        List<Property> out = new ArrayList<>();
        try {
            var options = new LoaderOptions();
            options.setMaxAliasesForCollections(20);
            for (Node doc : new Yaml(options).composeAll(new StringReader(text))) flatten(doc, "", out);
        } catch (RuntimeException e) {
            // a config file the app itself could not read is another problem; no properties from it
        }
        return out;
    }

    private static void flatten(Node node, String prefix, List<Property> out) {
        switch (node) {
            case null -> { }
            case MappingNode m -> {
                for (NodeTuple t : m.getValue()) {
                    if (t.getKeyNode() instanceof ScalarNode k) {
                        flatten(t.getValueNode(), prefix.isEmpty() ? k.getValue() : prefix + "." + k.getValue(), out);
                    }
                }
            }
            case SequenceNode s -> {
                for (int i = 0; i < s.getValue().size(); i++) flatten(s.getValue().get(i), prefix + "[" + i + "]", out);
            }
            case ScalarNode s -> out.add(new Property(prefix, s.getValue(), s.getStartMark().getLine() + 1));
            default -> { }
        }
    }
}
