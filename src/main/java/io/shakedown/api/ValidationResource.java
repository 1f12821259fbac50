package io.shakedown.api;

import io.shakedown.auth.Roles;
import jakarta.annotation.security.RolesAllowed;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.shakedown.auth.Caller;
import io.shakedown.run.RunEvent;
import io.shakedown.report.Verdict;
import io.shakedown.service.RunStreams;
import io.shakedown.service.ShakedownConfig;
import io.shakedown.document.DocumentException;
import io.shakedown.spec.SpecParser;
import io.shakedown.report.SafeText;
import io.shakedown.spec.Units;
import io.shakedown.spec.ValidationSpec;
import io.shakedown.service.RunDispatcher;
import io.shakedown.service.RunEvents;
import io.shakedown.service.RunSubmissions;
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
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.Response.Status;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import java.time.Duration;
import java.util.List;
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
@RolesAllowed(Roles.PROJECT)
@Path(ValidationResource.BASE)
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "validations")
public class ValidationResource {

    static final String BASE = "/api/v1/validations";
    static final String WAIT_RULE = "must be a whole number of seconds >= 0 or a duration like 90s, 2m or 1.5m, as in a spec "
            + "(capped at shakedown.wait.max)";

    @Inject RunStore store;
    @Inject RunSubmissions submissions;
    @Inject RunDispatcher dispatcher;
    @Inject RunEvents events;
    @Inject SpecParser parser;
    @Inject ShakedownConfig config;
    @Inject RunStreams streams;
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
    @Parameter(name = "wait", in = ParameterIn.QUERY, description = "how long to wait for the verdict: whole seconds (60) or a duration as in a spec (90s, 1.5m, 500ms), capped at shakedown.wait.max; 0 answers at once",
            schema = @Schema(type = SchemaType.STRING, pattern = "^[0-9]+(\\.[0-9]+)?(ms|s|m|h)?$", example = "90s"))
    @Parameter(name = "image", in = ParameterIn.QUERY, description = "run this image instead of the spec's target.image (the image the pipeline just built)")
    @Parameter(name = "url", in = ParameterIn.QUERY, description = "validate this already running deployment instead of the spec's target")
    @APIResponse(responseCode = "200", description = "finished within wait: the run with its report", content = @Content(mediaType = "application/json", schema = @Schema(implementation = RunView.class)))
    @APIResponse(responseCode = "202", description = "accepted: queued or running (Location: the run)", content = @Content(mediaType = "application/json", schema = @Schema(implementation = RunView.class)))
    @POST
    @Consumes({"application/yaml", "application/x-yaml", "text/yaml", MediaType.TEXT_PLAIN, MediaType.APPLICATION_JSON, Submission.MEDIA_TYPE})
    @Blocking
    public Uni<Response> submit(byte[] body, @RestHeader(HttpHeaders.CONTENT_TYPE) String contentType,
                                @RestQuery("wait") String waitText,
                                @RestQuery String image, @RestQuery String url) {
        Duration wait = waitFor(waitText); // a bad ?wait= is refused before anything is stored
        // one path for every content type: the body becomes a submission (spec text, its format, secrets, files) first
        Submission submission = Submission.of(body, contentType, config.maxSpecSize().asLongValue(), mapper);
        SpecFiles files = SpecFiles.of(submission.files());
        String text = submission.spec();
        String format = submission.format();
        ValidationSpec spec = parse(text, files);
        submission.checkSecrets(spec.secrets());
        if (image != null || url != null) {
            // A pipeline validates the image it just built with the spec from the repository: the override is written
            // into the stored spec, so what runs (on any replica) is exactly what is stored.
            text = TargetOverride.apply(text, image, url);
            format = "json";
            spec = parse(text, files);
        }
        ValidationRun run = submissions.submit(spec, text, format, caller.project(),
                submission.files().isEmpty() ? null : submission.filesJson(mapper), submission.secrets());
        return awaitThen(run, wait, r -> r.status.isTerminal()
                ? Response.ok(RunView.of(r, true)).build()
                : Response.accepted(RunView.of(r, false)).header(HttpHeaders.LOCATION, BASE + "/" + r.id).build());
    }

    private ValidationSpec parse(String text, SpecFiles files) {
        try {
            return parser.parse(text, files);
        } catch (DocumentException e) {
            throw SpecBody.invalidSpec(e.errors());
        }
    }

    /** The run; with {@code wait}, answers as soon as it finished or when the wait is over. */
    @Operation(summary = "Get a run", description = "With ?wait= answers as soon as the run finished or when the wait is over.")
    @Parameter(name = "id", in = ParameterIn.PATH, description = "the run id (a UUID)")
    @Parameter(name = "wait", in = ParameterIn.QUERY, description = "how long to wait for the verdict: whole seconds (60) or a duration as in a spec (90s, 1.5m, 500ms), capped at shakedown.wait.max; 0 answers at once",
            schema = @Schema(type = SchemaType.STRING, pattern = "^[0-9]+(\\.[0-9]+)?(ms|s|m|h)?$", example = "90s"))
    @APIResponse(responseCode = "200", description = "the run, with its report once finished", content = @Content(mediaType = "application/json", schema = @Schema(implementation = RunView.class)))
    @GET
    @Path("{id}")
    @Blocking
    public Uni<Response> get(@RestPath("id") UUID id, @RestQuery("wait") String waitText) {
        Duration wait = waitFor(waitText);
        return awaitThen(load(id), wait, r -> Response.ok(RunView.of(r, true)).build());
    }

    @Operation(summary = "List runs", description = "Newest first, the caller's project only; filters combine.")
    @Parameter(name = "app", in = ParameterIn.QUERY, description = "only runs of this app")
    @Parameter(name = "environment", in = ParameterIn.QUERY, description = "only runs of this environment")
    @Parameter(name = "verdict", in = ParameterIn.QUERY, description = "only runs that ended so (any case)")
    @Parameter(name = "status", in = ParameterIn.QUERY, description = "only runs in this state (any case)")
    @Parameter(name = "limit", in = ParameterIn.QUERY, description = "how many runs, newest first")
    @APIResponse(responseCode = "200", description = "the runs, without their reports", content = @Content(mediaType = "application/json", schema = @Schema(implementation = RunList.class)))
    @GET
    public RunList list(@RestQuery String app, @RestQuery String environment, @RestQuery("verdict") Verdict verdict,
                        @RestQuery("status") RunStatus status, @RestQuery("limit") @DefaultValue("20") @Min(1) @Max(200) int limit) {
        RunStatus byVerdict = verdict == null ? null : RunStatus.of(verdict);
        if (byVerdict != null && status != null && byVerdict != status) return new RunList(List.of());
        RunStatus filter = byVerdict != null ? byVerdict : status;
        return new RunList(store.list(blankToNull(app), blankToNull(environment), filter, limit, caller.project()).stream()
                .map(r -> RunView.of(r, false)).toList());
    }

    /** Cancels: a queued run at once, a running one through its owner (the engine stops its containers). */
    @Operation(summary = "Cancel a run", description = "A queued run ends CANCELLED at once; a running one is stopped by the replica executing it (its containers removed).")
    @Parameter(name = "id", in = ParameterIn.PATH, description = "the run id (a UUID)")
    @APIResponse(responseCode = "202", description = "cancelled, or cancel requested", content = @Content(mediaType = "application/json", schema = @Schema(implementation = RunView.class)))
    @DELETE
    @Path("{id}")
    public Response cancel(@RestPath("id") UUID uuid) {
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
    @Parameter(name = "id", in = ParameterIn.PATH, description = "the run id (a UUID)")
    @APIResponse(responseCode = "200", description = "an event stream; each event's data is a RunEvent", content = @Content(mediaType = "text/event-stream", schema = @Schema(implementation = RunEvent.class)))
    @GET
    @Path("{id}/events")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RestStreamElementType(MediaType.APPLICATION_JSON)
    @Blocking
    public Multi<OutboundSseEvent> events(@RestPath("id") UUID uuid, @Context Sse sse) {
        return streams.follow(load(uuid)).map(e -> sse.newEventBuilder()
                .name(e.type())
                .mediaType(MediaType.APPLICATION_JSON_TYPE)
                .data(RunEvent.class, e)
                .build());
    }

    private Uni<Response> awaitThen(ValidationRun run, Duration wait, Function<ValidationRun, Response> answer) {
        if (run.status.isTerminal() || wait.isZero()) return Uni.createFrom().item(answer.apply(run));
        UUID id = run.id;
        String project = caller.project(); // read here: the request scope is not active on the thread below
        return events.awaitEnd(id, wait, () -> store.find(id).map(r -> r.status.isTerminal()).orElse(true))
                .emitOn(Infrastructure.getDefaultWorkerPool()) // the database read below blocks
                // a run that ended here comes with its row as stored; else (elsewhere, wait over) it is read
                .map(stored -> answer.apply(stored != null && stored.visibleTo(project) ? stored
                        : store.find(id, project).orElseThrow(() -> notFound(id))));
    }

    /** The caller's run; another project's run is 404 exactly like a missing one, so ids of others' runs reveal nothing. */
    private ValidationRun load(UUID id) {
        return store.find(id, caller.project()).orElseThrow(() -> notFound(id));
    }

    static ProblemException notFound(UUID id) {
        return ProblemException.of(Status.NOT_FOUND, "run-not-found", "no validation run " + id);
    }

    /** The wait a caller asked for, capped at shakedown.wait.max; none asked: shakedown.wait.default. */
    private Duration waitFor(String text) {
        Duration asked = text == null ? Duration.ofSeconds(config.waiting().defaultSeconds()) : parseWait(text);
        Duration max = Duration.ofSeconds(config.waiting().maxSeconds());
        return asked.compareTo(max) > 0 ? max : asked;
    }

    /** Seconds as a whole number (what the CLI sends), or a duration in the spec's syntax ({@link Units#duration}). */
    static Duration parseWait(String text) {
        String t = text.strip();
        if (t.matches("[0-9]{1,9}")) return Duration.ofSeconds(Long.parseLong(t));
        Duration d = Units.duration(t);
        if (d == null) throw ProblemException.badParameter("wait", WAIT_RULE + ", got: " + SafeText.clean(text));
        return d;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
