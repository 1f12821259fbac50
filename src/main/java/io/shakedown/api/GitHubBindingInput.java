package io.shakedown.api;

import io.shakedown.auth.ProjectStore.GitHubBindingSpec;

/**
 * Checks a GitHub binding sent to {@code PUT /api/v1/admin/projects/{name}/github}: every wrong field is a 400 naming it
 * (bounded by its column in V101__github_oidc_binding.sql), never a database error.
 */
final class GitHubBindingInput {
    static final String REPOSITORY = "[A-Za-z0-9_.-]{1,100}/[A-Za-z0-9_.-]{1,100}";

    private GitHubBindingInput() {}

    static GitHubBindingSpec validated(AdminResource.GitHubView body) {
        if (body == null) throw ProblemException.badParameter("repository", "send {\"repository\": \"owner/name\", ...}");
        if (body.repository() == null || !body.repository().matches(REPOSITORY)) {
            throw ProblemException.badParameter("repository", "owner/name of at most 100 characters each, e.g. acme/shop, got: " + body.repository());
        }
        positive("repositoryId", body.repositoryId());
        positive("ownerId", body.ownerId());
        if ((body.repositoryId() == null) != (body.ownerId() == null)) {
            throw ProblemException.badParameter(body.repositoryId() == null ? "repositoryId" : "ownerId",
                    "give both repositoryId and ownerId, or neither (then the first verified token records them)");
        }
        return new GitHubBindingSpec(body.repository(), body.repositoryId(), body.ownerId(),
                condition("ref", body.ref(), 255), condition("workflow", body.workflow(), 512), condition("environment", body.environment(), 255));
    }

    private static void positive(String field, Long id) {
        if (id != null && id <= 0) throw ProblemException.badParameter(field, "GitHub's numeric id, a whole number above 0, got: " + id);
    }

    /** A pattern on a claim: printable, not blank, bounded by its column. */
    private static String condition(String field, String value, int max) {
        if (value == null) return null;
        if (value.isBlank() || value.length() > max || value.chars().anyMatch(Character::isISOControl)) {
            throw ProblemException.badParameter(field, "a pattern of 1-" + max + " printable characters (* matches any characters), e.g. "
                    + switch (field) {
                        case "ref" -> "refs/heads/main or refs/tags/v*";
                        case "workflow" -> "acme/shop/.github/workflows/deploy.yml@refs/heads/main or Deploy";
                        default -> "production";
                    });
        }
        return value;
    }
}
