package io.shakedown.rules;

import io.shakedown.report.Report.Location;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The {@code file} and {@code imageConfig} conditions: what the image carries (files read out of the container,
 * entries of jars, properties of config files) and its own config. Without a container they are unknown.
 */
final class ImageEvidence {
    private ImageEvidence() {}

    /**
     * One folder (or file) a {@code file} condition reads for one of its paths, placeholders filled in from the image
     * config: {@code firstEntryOnly} when only existence matters (a pid file, a log file: what a running app may write).
     */
    record FolderRead(String path, String folder, boolean firstEntryOnly) {}

    /** The reads {@code f} makes, in the order of its paths; a placeholder the image does not fill is left out. */
    static List<FolderRead> folderReads(Condition.File f, ImageReads reads) {
        List<FolderRead> out = new ArrayList<>();
        for (String glob : f.paths()) {
            String path = glob;
            if (glob.equals("{entrypoint}")) {
                Optional<String> exe = reads.entrypointExecutable();
                if (exe.isEmpty()) continue;
                path = exe.get();
            } else if (glob.startsWith("{workdir}")) {
                Optional<String> wd = reads.workdir();
                if (wd.isEmpty()) continue;
                path = wd.get() + glob.substring("{workdir}".length());
            }
            boolean wild = Globs.hasWildcard(path);
            String folder = wild ? Globs.literalPrefix(path) : path;
            boolean existenceOnly = !wild && f.inJar() == null && f.properties().isEmpty() && f.matches() == null;
            out.add(new FolderRead(path, folder, existenceOnly));
        }
        return out;
    }

    static ConditionResult file(Condition.File f, RuleInputs ev) {
        if (!ev.hasContainer()) return ConditionResult.UNKNOWN;
        ImageReads reads = ev.imageReads();
        List<Match> out = new ArrayList<>();
        boolean readable = false;
        for (FolderRead read : folderReads(f, reads)) {
            Optional<List<ImageReads.ImageFile>> files = reads.files(read.folder(), read.firstEntryOnly());
            if (files.isEmpty()) continue;
            readable = true;
            Pattern pathPattern = Globs.compile(read.path());
            for (ImageReads.ImageFile file : files.get()) {
                if (!pathPattern.matcher(file.path()).matches()) continue;
                if (f.inJar() != null) {
                    Pattern entryPattern = Globs.compile(f.inJar());
                    for (ImageReads.ImageFile entry : reads.jarEntries(file)) {
                        if (entryPattern.matcher(entry.path()).matches()) {
                            content(f, entry.path() + " (in " + file.path() + ")", file.path() + "!/" + entry.path(), entry, out);
                        }
                    }
                } else {
                    content(f, file.path(), file.path(), file, out);
                }
            }
        }
        if (!readable) return ConditionResult.UNKNOWN;
        return ConditionResult.holds(out);
    }

    private static void content(Condition.File f, String shown, String location, ImageReads.ImageFile file, List<Match> out) {
        Map<String, String> base = Map.of("file", location);
        if (f.properties().isEmpty() && f.matches() == null) {
            out.add(new Match(shown + " exists in the image", new Location("file", location, null, null), Match.vars(base, "value", location)));
            return;
        }
        if (file.content() == null) return;
        String text = new String(file.content(), StandardCharsets.UTF_8);
        if (!f.properties().isEmpty()) {
            if (!ConfigFiles.isConfig(file.path())) return;
            for (ConfigFiles.Property p : ConfigFiles.parse(file.path(), text)) {
                if (!f.properties().contains(p.key())) continue;
                Matcher m = f.matches() == null ? null : f.matches().matcher(p.value());
                if (m != null && !m.find()) continue;
                Map<String, String> v = new LinkedHashMap<>(base);
                v.put("key", p.key());
                v.put("value", p.value());
                v.put("line", String.valueOf(p.line()));
                if (m != null) Match.groups(m, v);
                out.add(new Match(shown + " line " + p.line() + ": " + p.key() + "=" + p.value(), new Location("file", location, p.line(), null), v));
            }
            return;
        }
        String[] lines = text.split("\r?\n");
        for (int i = 0; i < lines.length; i++) {
            Matcher m = f.matches().matcher(lines[i]);
            if (!m.find()) continue;
            Map<String, String> v = new LinkedHashMap<>(base);
            v.put("value", Match.value(m));
            v.put("line", String.valueOf(i + 1));
            Match.groups(m, v);
            out.add(new Match(shown + " line " + (i + 1) + ": " + lines[i].strip(), new Location("file", location, i + 1, null), v));
            if (out.size() >= Match.MAX_EVIDENCE) return;
        }
    }

    static ConditionResult imageConfig(Condition.ImageConfig c, RuleInputs ev) {
        var image = ev.image();
        if (image.isEmpty()) return ConditionResult.UNKNOWN;
        var cfg = image.get();
        Location loc = new Location("image-config", c.field(), null, null);
        if (c.field().equals("Env") || c.field().equals("Labels")) {
            Map<String, String> entries = new LinkedHashMap<>();
            if (c.field().equals("Env")) {
                for (String kv : cfg.env()) {
                    int eq = kv.indexOf('=');
                    if (eq > 0) entries.put(kv.substring(0, eq), kv.substring(eq + 1));
                }
            } else {
                entries.putAll(cfg.labels());
            }
            return KeyedValues.match("image config " + c.field(), entries, c.key(), c.matches(), c.absent(), loc);
        }
        String value = switch (c.field()) {
            case "User" -> cfg.user() == null ? "" : cfg.user();
            case "Cmd" -> String.join(" ", cfg.cmd());
            case "Entrypoint" -> String.join(" ", cfg.entrypoint());
            case "ExposedPorts" -> cfg.exposedPorts().stream().sorted().collect(Collectors.joining(" "));
            case "Healthcheck" -> cfg.healthcheck().isEmpty() || "NONE".equals(cfg.healthcheck().getFirst()) ? "" : String.join(" ", cfg.healthcheck());
            case "WorkingDir" -> cfg.workingDir() == null ? "" : cfg.workingDir();
            default -> "";
        };
        if (c.absent()) {
            return value.isBlank() ? ConditionResult.holds(List.of(new Match("image config " + c.field() + " is not set", loc, Map.of("value", ""))))
                    : ConditionResult.FAILS;
        }
        Matcher m = c.matches().matcher(value);
        if (!m.find()) return ConditionResult.FAILS;
        Map<String, String> v = new LinkedHashMap<>();
        v.put("value", value);
        Match.groups(m, v);
        return ConditionResult.holds(List.of(new Match("image config " + c.field() + ": " + (value.isEmpty() ? "(not set)" : "\"" + value + "\""), loc, v)));
    }
}
