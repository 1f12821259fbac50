package io.shakedown.rules;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * One evidence condition of a rule or a framework detection, as written in a rule file. Each kind reads
 * one evidence source; {@code all}/{@code any}/{@code not} combine them. A condition that holds yields
 * the matches that made it hold — they become the finding's evidence.
 */
public sealed interface Condition {

    /** The evidence conditions under this one, in the order written: all/any/not opened, the rest as they are. */
    default Stream<Condition> leaves() {
        return switch (this) {
            case All all -> all.conditions().stream().flatMap(Condition::leaves);
            case Any any -> any.conditions().stream().flatMap(Condition::leaves);
            case Not not -> not.condition().leaves();
            default -> Stream.of(this);
        };
    }

    /** Every child holds; the evidence is all of theirs. */
    record All(List<Condition> conditions) implements Condition {}

    /** At least one child holds; the evidence is that of every child that holds. */
    record Any(List<Condition> conditions) implements Condition {}

    /** The child does not hold (e.g. "no HEALTHCHECK", "no CA bundle in the image"). */
    record Not(Condition condition, String description) implements Condition {}

    /**
     * Files in the image (read from the container's filesystem, so it works for shell-less images and
     * stopped containers): {@code path} globs; {@code inJar} a glob of entries inside matching jars;
     * {@code property} keys of a .properties/.yaml file; {@code matches} a regex over the value (or the
     * lines when no property is named). With none of property/matches, the file's existence suffices.
     */
    record File(List<String> paths, String inJar, List<String> properties, Pattern matches) implements Condition {}

    /**
     * The image's own config (docker inspect of the image): User, Env, Cmd, Entrypoint, ExposedPorts,
     * Healthcheck, WorkingDir, Labels. {@code key} picks Env variables/Labels by a regex on the name;
     * {@code matches} a regex on the value ("" for an unset field); {@code absent} holds when the field is
     * unset or empty.
     */
    record ImageConfig(String field, Pattern key, Pattern matches, boolean absent) implements Condition {}

    /** A line of the container log so far. */
    record Log(Pattern matches) implements Condition {}

    /**
     * HTTP evidence. {@code request} null: every response Shakedown already got (checks, passive).
     * Otherwise the rule's own probe, sent once per run (shared by rules sending the same request); its path may be
     * {@value #WRONG_TYPED_PARAM} (a declared check's path with its first numeric or UUID segment replaced by text:
     * a wrong-typed path parameter) or {@value #JSON_ENDPOINT} (the path of the first declared check or flow step
     * that sends JSON, else {@code /}). Every expectation given must hold; {@code stackTrace} holds when the body
     * carries a server stack trace in any encoding ({@link StackTraces}); {@code jsonValues} (null when not given) holds
     * when the JSON body shows (or masks every one of) the values it selects ({@link JsonValues}).
     */
    record Http(Request request, Pattern status, Map<String, Pattern> headers, List<String> headersAbsent, Pattern body, boolean stackTrace,
                JsonValues.Expectation jsonValues) implements Condition {
        public Http(Request request, Pattern status, Map<String, Pattern> headers, List<String> headersAbsent, Pattern body, boolean stackTrace) {
            this(request, status, headers, headersAbsent, body, stackTrace, null);
        }

        public static final String WRONG_TYPED_PARAM = "{wrongTypedParam}";
        public static final String JSON_ENDPOINT = "{jsonEndpoint}";

        public record Request(String method, String path, Map<String, String> headers, String body) {
            public Request(String method, String path, Map<String, String> headers) {
                this(method, path, headers, null);
            }

            String describe() {
                StringBuilder sb = new StringBuilder(method).append(' ').append(path);
                headers.forEach((k, v) -> sb.append(" [").append(k).append(": ").append(v).append(']'));
                if (body != null) sb.append(" with body ").append(body.length() > 40 ? body.substring(0, 40) + "…" : body);
                return sb.toString();
            }
        }
    }

    /** A listening TCP socket inside the container: {@code address} loopback|wildcard|any|a regex; {@code port} "declared" or a number. */
    record Listening(String address, String port) implements Condition {}

    /** The app's main process (the one the container's init started): its command line and its user. */
    record Process(Pattern cmdline, Pattern user) implements Condition {}

    /** The environment the container really ran with (image Env plus the spec's target.env). */
    record Env(Pattern key, Pattern matches, boolean absent) implements Condition {}

    /**
     * The JVM's maximum heap (from -Xmx / -XX:MaxRAMPercentage / -XX:MaxRAM in the main process's command
     * line or JAVA_TOOL_OPTIONS / JDK_JAVA_OPTIONS / JAVA_OPTS) is at least {@code ratio} of the
     * container's memory limit.
     */
    record JvmHeap(double ratio) implements Condition {}

    /** The container was killed by the kernel's OOM killer. */
    record OomKilled() implements Condition {}
}
