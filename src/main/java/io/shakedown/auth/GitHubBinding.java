package io.shakedown.auth;

import io.quarkus.security.AuthenticationFailedException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;

/**
 * Which project a verified GitHub Actions token acts for (V101__github_oidc_binding.sql). A project is bound to a
 * repository by its {@code repository_id} and {@code repository_owner_id}, GitHub's advice: a name can be registered
 * again by a new owner after a rename or a deletion, an id cannot. A binding that has only a name (made before the ids
 * existed, or without them) takes the ids of the first verified token of that name, logs them, and from then on the
 * ids decide. Optional conditions narrow which runs of the repository may act: {@code ref}, {@code workflow} (matched
 * against {@code job_workflow_ref} or {@code workflow}) and {@code environment}, each a pattern where {@code *} matches
 * any characters. A refusal names the claim that did not match and the project, never the token.
 */
@ApplicationScoped
public class GitHubBinding {
    private static final Logger LOG = Logger.getLogger(GitHubBinding.class);

    /** The claims of a verified token the binding reads. */
    public record Claims(String repository, Long repositoryId, Long ownerId, String ref, String jobWorkflowRef, String workflow,
                         String environment) {}

    /** The project these claims may act for. */
    @Transactional(dontRollbackOn = AuthenticationFailedException.class) // the ids recorded on first use stay recorded
    public String projectOf(Claims token) {
        Project p = token.repositoryId() == null ? null
                : Project.<Project>find("githubRepositoryId", token.repositoryId()).firstResult();
        if (p == null) {
            p = Project.<Project>find("githubRepository", token.repository().toLowerCase(Locale.ROOT)).firstResult();
            if (p == null) {
                throw refused("no project is bound to GitHub repository " + token.repository() + "; an admin binds it with githubRepository");
            }
            if (p.githubRepositoryId != null) {
                throw refused("repository_id " + token.repositoryId() + " of the token is not the one bound to project " + p.name + " ("
                        + p.githubRepositoryId + "): GitHub repository " + token.repository() + " is not the repository that was bound "
                        + "(deleted or renamed, and its name taken again?)");
            }
            if (token.repositoryId() == null || token.ownerId() == null) {
                throw refused("the token has no repository_id or repository_owner_id claim: project " + p.name + " cannot be bound by id");
            }
            p.githubRepositoryId = token.repositoryId();
            p.githubOwnerId = token.ownerId();
            LOG.infof("project %s was bound to GitHub repository %s by name only: recorded repository_id %d and repository_owner_id %d "
                    + "from its first verified token; from now on only tokens with these ids act for it", p.name, token.repository(),
                    token.repositoryId(), token.ownerId());
        }
        if (p.githubOwnerId != null && !p.githubOwnerId.equals(token.ownerId())) {
            throw refused("repository_owner_id " + token.ownerId() + " of the token is not the one bound to project " + p.name + " ("
                    + p.githubOwnerId + ")");
        }
        if (!matches(p.githubRef, token.ref())) {
            throw refused("ref " + token.ref() + " of the token does not match " + p.githubRef + ", the condition of project " + p.name);
        }
        if (!matches(p.githubWorkflow, token.jobWorkflowRef()) && !matches(p.githubWorkflow, token.workflow())) {
            throw refused("neither job_workflow_ref " + token.jobWorkflowRef() + " nor workflow " + token.workflow() + " of the token matches "
                    + p.githubWorkflow + ", the workflow condition of project " + p.name);
        }
        if (!matches(p.githubEnvironment, token.environment())) {
            throw refused("environment " + (token.environment() == null ? "(none: the job names no environment)" : token.environment())
                    + " of the token does not match " + p.githubEnvironment + ", the condition of project " + p.name);
        }
        return p.name;
    }

    /** A condition ({@code *}: any characters) against a claim; no condition matches anything, a missing claim nothing. */
    static boolean matches(String condition, String claim) {
        if (condition == null) return true;
        if (claim == null) return false;
        StringBuilder regex = new StringBuilder();
        for (String part : condition.split("\\*", -1)) {
            if (!regex.isEmpty()) regex.append(".*");
            regex.append(Pattern.quote(part));
        }
        return Pattern.compile(regex.toString(), Pattern.DOTALL).matcher(claim).matches();
    }

    private static AuthenticationFailedException refused(String why) {
        return new AuthenticationFailedException(Objects.requireNonNull(why));
    }
}
