package io.shakedown.api;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.shakedown.auth.Caller;
import io.shakedown.report.ReportJson;
import io.shakedown.run.RunEvent;
import io.shakedown.report.Report;
import io.shakedown.report.ReportFormat;
import io.shakedown.report.Verdict;
import io.shakedown.service.InstanceIdentity;
import io.shakedown.service.ShakedownConfig;
import io.shakedown.spec.SpecError;
import io.shakedown.spec.SpecException;
import io.shakedown.spec.SpecParser;
import io.shakedown.spec.ValidationSpec;
import io.shakedown.service.RunDispatcher;
import io.shakedown.service.RunEvents;
import io.shakedown.store.RunStatus;
import io.shakedown.store.RunStore;
import io.shakedown.store.SecretVault;
import io.shakedown.spec.SpecFiles;
import io.shakedown.store.ValidationRun;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.Response.Status;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import org.jboss.resteasy.reactive.RestHeader;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;
import org.jboss.resteasy.reactive.RestStreamElementType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.ParameterIn;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Submit, inspect, list, cancel and follow validation runs. Runs execute in {@link RunDispatcher}. */
@Path(ValidationResource.BASE)
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "validations")
public class ValidationResource {

    static final String BASE = "/api/v1/validations";

    @Inject RunStore store;
    @Inject RunDispatcher dispatcher;
    @Inject RunEvents events;
    @Inject SpecParser parser;
    @Inject ShakedownConfig config;
    @Inject InstanceIdentity identity;
    @Inject SecretVault vault;
    @Inject ObjectMapper mapper;
    @Inject Caller caller;

    public record RunList(List<RunView> items) {}

    /**
     * Accepts a spec (stored QUEUED at once); 202, or 200 with the outcome when it finished within {@code wait}.
     * The body is the spec itself (YAML or JSON), or a {@value Submission#MEDIA_TYPE} envelope with secret values
     * and/or files: {@code {"spec": "<yaml or json text>", "secrets": {"NAME": "value"}, "files": {"schemas/user.json":
     * "<text>"}}}. Secret values stay in this instance's memory for the run only.
     */
    @Operation(summary = "Submit a spec for validation", description = "Stores the run QUEUED at once; with ?wait= answers with the verdict when it came within that many seconds. "
            + "The body is the spec (YAML or JSON), or, with secret values and files, {\"spec\": \"<yaml or json text>\", \"secrets\": {\"NAME\": \"value\"}, \"files\": {\"path\": \"text\"}} as " + Submission.MEDIA_TYPE + ".")
    @RequestBody(required = true, description = "a spec (docs/spec.md; JSON Schema at /api/v1/spec/schema) in YAML or JSON, or a submission envelope", content = {
            @Content(mediaType = "application/yaml", schema = @Schema(type = SchemaType.STRING)),
            @Content(mediaType = "application/json", schema = @Schema(type = SchemaType.OBJECT)),
            @Content(mediaType = Submission.MEDIA_TYPE, schema = @Schema(implementation = Submission.class))})
    @Parameter(name = "wait", in = ParameterIn.QUERY, description = "seconds to wait for the verdict (capped at shakedown.wait.max); 0 answers at once", schema = @Schema(type = SchemaType.INTEGER, minimum = "0"))
    @Parameter(name = "image", in = ParameterIn.QUERY, description = "run this image instead of the spec's target.image (the image the pipeline just built)")
    @Parameter(name = "url", in = ParameterIn.QUERY, description = "validate this already running deployment instead of the spec's target")
    @APIResponse(responseCode = "200", description = "finished within wait: the run with its report", content = @Content(mediaType = "application/json", schema = @Schema(implementation = RunView.class)))
    @APIResponse(responseCode = "202", description = "accepted: queued or running (Location: the run)", content = @Content(mediaType = "application/json", schema = @Schema(implementation = RunView.class)))
    @POST
    @Consumes({"application/yaml", "application/x-yaml", "text/yaml", MediaType.TEXT_PLAIN, MediaType.APPLICATION_JSON, Submission.MEDIA_TYPE})
    @Blocking
    public Uni<Response> submit(byte[] body, @RestHeader(HttpHeaders.CONTENT_TYPE) String contentType, @RestQuery String wait,
                                @RestQuery String image, @RestQuery String url) {
        Duration waitFor = waitParam(wait);
        boolean envelope = contentType != null && contentType.toLowerCase(Locale.ROOT).startsWith(Submission.MEDIA_TYPE);
        Submission submission = envelope ? Submission.read(body, config.maxSpecSize().asLongValue(), mapper)
                : new Submission(SpecBody.decode(body, config.maxSpecSize().asLongValue()), Map.of(), Map.of());
        SpecFiles files = envelope ? SpecFiles.of(submission.files()) : SpecFiles.NONE;
        String text = submission.spec();
        ValidationSpec spec = parse(text, files);
        if (envelope) {
            submission.checkSecrets(spec.secrets());
        } else if (!spec.secrets().isEmpty()) {
            throw SpecBody.invalidSpec(List.of(new SpecError("secrets",
                    "the spec declares secrets (" + String.join(", ", spec.secrets()) + "); send it as " + Submission.MEDIA_TYPE
                            + " with their values: {\"spec\": ..., \"secrets\": {...}} (see docs/api.md)", null)));
        }
        String format = envelope ? (text.stripLeading().startsWith("{") ? "json" : "yaml") : SpecBody.format(contentType, text);
        if (image != null || url != null) {
            // A pipeline validates the image it just built with the spec from the repository: the override is written
            // into the stored spec, so what runs (on any replica) is exactly what is stored.
            text = TargetOverride.apply(text, image, url);
            format = "json";
            spec = parse(text, files);
        }
        boolean holdsSecrets = !submission.secrets().isEmpty();
        // the values go in first: once the row exists, the dispatcher's next poll may claim it
        UUID id = UUID.randomUUID();
        vault.put(id, submission.secrets());
        ValidationRun run;
        try {
            run = store.createQueued(id, spec.app(), spec.environment(), targetOf(spec), text, format, caller.project(),
                    submission.files().isEmpty() ? null : submission.filesJson(mapper), holdsSecrets ? identity.id() : null);
        } catch (RuntimeException e) {
            vault.forget(id);
            throw e;
        }
        dispatcher.wake();
        return awaitThen(run, waitFor, r -> r.status.isTerminal()
                ? Response.ok(RunView.of(r, true)).build()
                : Response.accepted(RunView.of(r, false)).header(HttpHeaders.LOCATION, BASE + "/" + r.id).build());
    }

    private ValidationSpec parse(String text, SpecFiles files) {
        try {
            return parser.parse(text, files);
        } catch (SpecException e) {
            throw SpecBody.invalidSpec(e.errors());
        }
    }

    /** The run; with {@code wait}, answers as soon as it finished or when the wait is over. */
    @Operation(summary = "Get a run", description = "With ?wait= answers as soon as the run finished or when the wait is over.")
    @Parameter(name = "id", in = ParameterIn.PATH, description = "the run id (a UUID)", schema = @Schema(type = SchemaType.STRING, format = "uuid"))
    @Parameter(name = "wait", in = ParameterIn.QUERY, description = "seconds to wait for the verdict (capped at shakedown.wait.max); 0 answers at once", schema = @Schema(type = SchemaType.INTEGER, minimum = "0"))
    @APIResponse(responseCode = "200", description = "the run, with its report once finished", content = @Content(mediaType = "application/json", schema = @Schema(implementation = RunView.class)))
    @GET
    @Path("{id}")
    @Blocking
    public Uni<Response> get(@RestPath String id, @RestQuery String wait) {
        Duration waitFor = waitParam(wait);
        return awaitThen(load(parseId(id)), waitFor, r -> Response.ok(RunView.of(r, true)).build());
    }

    /**
     * The stored report alone (what {@code links.report} points at), as {@code ?format=} json (default), junit,
     * sarif, markdown or html — or, without {@code format}, the first of those the Accept header asks for.
     */
    @Operation(summary = "Get a run's report in a format", description = "JSON (default), JUnit XML, SARIF, Markdown or a self-contained HTML page; without ?format= the Accept header chooses.")
    @Parameter(name = "id", in = ParameterIn.PATH, description = "the run id (a UUID)", schema = @Schema(type = SchemaType.STRING, format = "uuid"))
    @Parameter(name = "format", in = ParameterIn.QUERY, description = "the report format", schema = @Schema(enumeration = {"json", "junit", "sarif", "markdown", "html"}))
    @Parameter(name = "specPath", in = ParameterIn.QUERY, description = "path of the spec in the repository, for SARIF locations and Markdown links")
    @APIResponse(responseCode = "200", description = "the report alone", content = {@Content(mediaType = "application/json", schema = @Schema(implementation = Report.class)), @Content(mediaType = "application/xml"), @Content(mediaType = "application/sarif+json"), @Content(mediaType = "text/markdown"), @Content(mediaType = "text/html")})
    @GET
    @Path("{id}/report")
    @Produces({MediaType.APPLICATION_JSON, "application/xml", "text/xml", "application/sarif+json", "text/markdown", MediaType.TEXT_HTML})
    public Response report(@RestPath String id, @RestQuery String format, @RestQuery String specPath, @Context HttpHeaders headers,
                           @Context UriInfo uri) {
        ReportFormat chosen = format == null || format.isBlank() ? negotiate(headers)
                : ReportFormat.byId(format).orElseThrow(() -> ProblemException.badParameter("format",
                        "one of " + ReportFormat.ids() + ", got: " + format));
        ValidationRun run = load(parseId(id));
        if (run.report == null) {
            throw ProblemException.of(Status.NOT_FOUND, "no-report", "run " + run.id + " is " + run.status + " and has no report");
        }
        if (chosen == ReportFormat.JSON) return Response.ok(run.report, MediaType.APPLICATION_JSON_TYPE).build();
        Report report;
        try {
            report = REPORT_READER.readValue(run.report, Report.class);
        } catch (IOException e) {
            throw new IllegalStateException("stored report of run " + run.id + " does not read back", e);
        }
        // the full report a summary links to: the run page in the web UI (a browser signs in once; the API URL would answer 401)
        String page = uri.getBaseUriBuilder().path("runs").path(run.id.toString()).build().toString();
        String text = chosen.render(report, new ReportFormat.RenderOptions(specPath, page));
        return Response.ok(text, chosen.mediaType() + "; charset=UTF-8").build();
    }

    private static final ObjectMapper REPORT_READER = ReportJson.mapper().copy()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    /** The format the Accept header prefers (its types come sorted by quality); anything else is JSON. */
    private static ReportFormat negotiate(HttpHeaders headers) {
        for (MediaType wanted : headers.getAcceptableMediaTypes()) {
            if (wanted.isWildcardType()) return ReportFormat.JSON;
            String type = wanted.getType() + "/" + wanted.getSubtype();
            if (type.equals("text/xml")) return ReportFormat.JUNIT;
            for (ReportFormat f : ReportFormat.values()) if (f.mediaType().equals(type)) return f;
        }
        return ReportFormat.JSON;
    }

    @Operation(summary = "List runs", description = "Newest first, the caller's project only; filters combine.")
    @Parameter(name = "app", in = ParameterIn.QUERY, description = "only runs of this app")
    @Parameter(name = "environment", in = ParameterIn.QUERY, description = "only runs of this environment")
    @Parameter(name = "verdict", in = ParameterIn.QUERY, schema = @Schema(enumeration = {"PASSED", "FAILED", "ERROR", "CANCELLED"}))
    @Parameter(name = "status", in = ParameterIn.QUERY, schema = @Schema(enumeration = {"QUEUED", "RUNNING", "PASSED", "FAILED", "ERROR", "CANCELLED"}))
    @Parameter(name = "limit", in = ParameterIn.QUERY, description = "1 to 200 (default 20)", schema = @Schema(type = SchemaType.INTEGER, minimum = "1", maximum = "200"))
    @APIResponse(responseCode = "200", description = "the runs, without their reports", content = @Content(mediaType = "application/json", schema = @Schema(implementation = RunList.class)))
    @GET
    public RunList list(@RestQuery String app, @RestQuery String environment, @RestQuery String verdict,
                        @RestQuery String status, @RestQuery String limit) {
        int max = limitParam(limit);
        RunStatus byVerdict = verdict == null ? null : RunStatus.of(enumParam("verdict", verdict, Verdict.class));
        RunStatus byStatus = status == null ? null : enumParam("status", status, RunStatus.class);
        if (byVerdict != null && byStatus != null && byVerdict != byStatus) return new RunList(List.of());
        RunStatus filter = byVerdict != null ? byVerdict : byStatus;
        return new RunList(store.list(blankToNull(app), blankToNull(environment), filter, max, caller.project()).stream()
                .map(r -> RunView.of(r, false)).toList());
    }

    /** Cancels: a queued run at once, a running one through its owner (the engine stops its containers). */
    @Operation(summary = "Cancel a run", description = "A queued run ends CANCELLED at once; a running one is stopped by the replica executing it (its containers removed).")
    @Parameter(name = "id", in = ParameterIn.PATH, description = "the run id (a UUID)", schema = @Schema(type = SchemaType.STRING, format = "uuid"))
    @APIResponse(responseCode = "202", description = "cancelled, or cancel requested", content = @Content(mediaType = "application/json", schema = @Schema(implementation = RunView.class)))
    @DELETE
    @Path("{id}")
    public Response cancel(@RestPath String id) {
        UUID uuid = parseId(id);
        var result = store.requestCancel(uuid, caller.project());
        switch (result.outcome()) {
            case NOT_FOUND -> throw notFound(uuid);
            case ALREADY_FINISHED -> throw ProblemException.of(Status.CONFLICT, "run-finished",
                    "run " + uuid + " already finished as " + result.run().status);
            case CANCELLED -> {
                vault.forget(uuid);
                events.finished(uuid, RunStatus.CANCELLED, result.run().summary);
            }
            case CANCEL_REQUESTED -> dispatcher.cancelLocal(uuid); // elsewhere: its owner sees it at its next heartbeat
        }
        return Response.accepted(RunView.of(result.run(), false)).build();
    }

    /**
     * Server-sent events of a run: the events so far, then live ones, then a final {@code verdict} event.
     * A run that already ended (or runs on another replica) gets one event with its state, then the end.
     */
    @Operation(summary = "Follow a run (server-sent events)", description = "The events so far, then live ones (stage-started, stage-finished, check-finished, log, diagnosis), then a final verdict event.")
    @Parameter(name = "id", in = ParameterIn.PATH, description = "the run id (a UUID)", schema = @Schema(type = SchemaType.STRING, format = "uuid"))
    @APIResponse(responseCode = "200", description = "an event stream; each event's data is a RunEvent", content = @Content(mediaType = "text/event-stream", schema = @Schema(implementation = RunEvent.class)))
    @GET
    @Path("{id}/events")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RestStreamElementType(MediaType.APPLICATION_JSON)
    @Blocking
    public Multi<OutboundSseEvent> events(@RestPath String id, @Context Sse sse) {
        UUID uuid = parseId(id);
        ValidationRun run = load(uuid);
        Multi<RunEvent> stream;
        if (run.status.isTerminal() && !events.hasChannel(uuid)) {
            stream = Multi.createFrom().item(endEvent(run).orElseThrow());
        } else if (runsElsewhere(run)) {
            stream = Multi.createFrom().item(endEvent(run).orElseThrow());
        } else {
            stream = events.follow(uuid, () -> store.find(uuid).flatMap(this::endEvent));
        }
        return stream.map(e -> sse.newEventBuilder()
                .name(e.type())
                .mediaType(MediaType.APPLICATION_JSON_TYPE)
                .data(RunEvent.class, e)
                .build());
    }

    /** The event that ends a follower, if the stored state calls for one: the verdict, or "runs elsewhere". */
    private Optional<RunEvent> endEvent(ValidationRun r) {
        if (r.status.isTerminal()) return Optional.of(RunEvent.of("verdict", null, r.status.name(), r.summary));
        if (runsElsewhere(r)) {
            return Optional.of(RunEvent.of("status", null, r.status.name(),
                    "running on instance " + r.ownerInstance + "; its live events are only available there"));
        }
        return Optional.empty();
    }

    private boolean runsElsewhere(ValidationRun r) {
        return r.status == RunStatus.RUNNING && !identity.id().equals(r.ownerInstance);
    }

    private Uni<Response> awaitThen(ValidationRun run, Duration wait, Function<ValidationRun, Response> answer) {
        if (run.status.isTerminal() || wait.isZero()) return Uni.createFrom().item(answer.apply(run));
        UUID id = run.id;
        String project = caller.project(); // read here: the request scope is not active on the thread below
        return events.awaitEnd(id, wait, () -> store.find(id).map(r -> r.status.isTerminal()).orElse(true))
                .emitOn(Infrastructure.getDefaultWorkerPool()) // the database read below blocks
                .map(v -> answer.apply(store.find(id, project).orElseThrow(() -> notFound(id))));
    }

    /** The caller's run; another project's run is 404 exactly like a missing one, so ids of others' runs reveal nothing. */
    private ValidationRun load(UUID id) {
        return store.find(id, caller.project()).orElseThrow(() -> notFound(id));
    }

    private static ProblemException notFound(UUID id) {
        return ProblemException.of(Status.NOT_FOUND, "run-not-found", "no validation run " + id);
    }

    private static UUID parseId(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw ProblemException.badParameter("id", "not a UUID: " + id);
        }
    }

    private Duration waitParam(String wait) {
        if (wait == null || wait.isBlank()) return Duration.ofSeconds(config.waiting().defaultSeconds());
        try {
            int seconds = Integer.parseInt(wait.trim());
            if (seconds < 0) throw new NumberFormatException();
            return Duration.ofSeconds(Math.min(seconds, config.waiting().maxSeconds()));
        } catch (NumberFormatException e) {
            throw ProblemException.badParameter("wait", "must be a whole number of seconds >= 0 (capped at "
                    + config.waiting().maxSeconds() + "), got: " + wait);
        }
    }

    private static int limitParam(String limit) {
        if (limit == null || limit.isBlank()) return 20;
        try {
            int n = Integer.parseInt(limit.trim());
            if (n >= 1 && n <= 200) return n;
        } catch (NumberFormatException e) {
            // reported below
        }
        throw ProblemException.badParameter("limit", "must be a number from 1 to 200, got: " + limit);
    }

    private static <E extends Enum<E>> E enumParam(String name, String value, Class<E> type) {
        try {
            return Enum.valueOf(type, value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ProblemException.badParameter(name, "must be one of " + Arrays.toString(type.getEnumConstants())
                    + ", got: " + value);
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    private static String targetOf(ValidationSpec spec) {
        if (spec.target() == null) return null;
        return spec.target().isImage() ? spec.target().image()
                : spec.target().url() == null ? null : spec.target().url().toString();
    }
}
