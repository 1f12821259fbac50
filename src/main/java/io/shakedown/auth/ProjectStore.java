package io.shakedown.auth;

import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

/** Projects and their tokens in PostgreSQL. Each method is its own short transaction. */
@ApplicationScoped
public class ProjectStore {

    /** A token just issued: the only moment its clear text exists outside the caller. */
    public record Issued(ApiToken token, String secret) {}

    @Transactional
    public Project create(String name, String githubRepository) {
        Project p = new Project();
        p.id = UUID.randomUUID();
        p.name = name;
        p.githubRepository = githubRepository == null ? null : githubRepository.toLowerCase(Locale.ROOT);
        p.createdAt = Instant.now();
        p.persist();
        return p;
    }

    @Transactional
    public Optional<Project> byName(String name) {
        return Project.<Project>find("name", name).firstResultOptional();
    }

    @Transactional
    public boolean repositoryTaken(String githubRepository) {
        return Project.count("githubRepository", githubRepository.toLowerCase(Locale.ROOT)) > 0;
    }

    /** The GitHub binding of a project: the repository, its ids when known, conditions on the token's claims. */
    public record GitHubBindingSpec(String repository, Long repositoryId, Long ownerId, String ref, String workflow, String environment) {}

    /** Another project already bound to this repository (by name or id), if any. */
    @Transactional
    public Optional<String> boundElsewhere(String project, GitHubBindingSpec binding) {
        Optional<Project> other = Project.<Project>find("githubRepository = ?1 and name <> ?2",
                binding.repository().toLowerCase(Locale.ROOT), project).firstResultOptional();
        if (other.isEmpty() && binding.repositoryId() != null) {
            other = Project.<Project>find("githubRepositoryId = ?1 and name <> ?2", binding.repositoryId(), project).firstResultOptional();
        }
        return other.map(p -> p.name);
    }

    /** Replaces a project's GitHub binding (null: unbinds); the project as it is now. */
    @Transactional
    public Project bindGitHub(String project, GitHubBindingSpec binding) {
        Project p = Project.<Project>find("name", project).firstResult();
        p.githubRepository = binding == null ? null : binding.repository().toLowerCase(Locale.ROOT);
        p.githubRepositoryId = binding == null ? null : binding.repositoryId();
        p.githubOwnerId = binding == null ? null : binding.ownerId();
        p.githubRef = binding == null ? null : binding.ref();
        p.githubWorkflow = binding == null ? null : binding.workflow();
        p.githubEnvironment = binding == null ? null : binding.environment();
        return p;
    }

    @Transactional
    public List<Project> all() {
        return Project.<Project>listAll(Sort.ascending("name"));
    }

    @Transactional
    public Issued issue(Project project, String tokenName) {
        String secret = Tokens.newToken();
        ApiToken t = new ApiToken();
        t.id = UUID.randomUUID();
        t.projectId = project.id;
        t.name = tokenName;
        t.tokenHash = Tokens.sha256Hex(secret);
        t.createdAt = Instant.now();
        t.persist();
        return new Issued(t, secret);
    }

    @Transactional
    public List<ApiToken> tokens(Project project) {
        return ApiToken.<ApiToken>list("projectId = ?1 order by createdAt", project.id);
    }

    /** Revokes; false when the project has no such token. */
    @Transactional
    public boolean revoke(Project project, UUID tokenId) {
        ApiToken t = ApiToken.findById(tokenId);
        if (t == null || !t.projectId.equals(project.id)) return false;
        if (t.revokedAt == null) t.revokedAt = Instant.now();
        return true;
    }

    /** The project a live token acts for. */
    @Transactional
    public Optional<String> projectOfToken(String secret) {
        return projectOfTokenHash(Tokens.sha256Hex(secret));
    }

    /** The project a live token acts for, by the token's hash (a browser session keeps the hash, never the token). */
    @Transactional
    public Optional<String> projectOfTokenHash(String hash) {
        Optional<ApiToken> found = ApiToken.<ApiToken>find("tokenHash", hash).firstResultOptional();
        // the index finds the row by hash; comparing again in constant time keeps the check itself timing-neutral
        if (found.isEmpty() || found.get().revokedAt != null
                || !MessageDigest.isEqual(found.get().tokenHash.getBytes(StandardCharsets.US_ASCII), hash.getBytes(StandardCharsets.US_ASCII))) {
            return Optional.empty();
        }
        return Optional.ofNullable(Project.<Project>findById(found.get().projectId)).map(p -> p.name);
    }
}
