package io.shakedown.ui;

import io.shakedown.auth.Roles;
import jakarta.annotation.security.RolesAllowed;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.shakedown.service.RuleCatalog;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.TreeSet;
import org.jboss.resteasy.reactive.RestQuery;

/** The loaded rules (the listing the API serves too), filtered by pack and framework. */
@RolesAllowed(Roles.UI)
@Path("/rules")
@Produces(MediaType.TEXT_HTML)
public class RulesPage {
    @Inject RuleCatalog rules;
    @Inject @Location("ui/rules.html") Template page;

    @GET
    public Response list(@RestQuery String pack, @RestQuery String framework) {
        var all = rules.list();
        String p = RunsPage.blank(pack), f = RunsPage.blank(framework);
        var shown = all.rules().stream()
                .filter(r -> p == null || p.equals(r.pack()))
                .filter(r -> f == null || r.frameworks().contains(f) || r.frameworks().contains("any"))
                .toList();
        var packs = new TreeSet<String>();
        all.rules().forEach(r -> packs.add(r.pack()));
        var frameworks = new TreeSet<String>();
        all.frameworks().forEach(fw -> frameworks.add(fw.id()));
        return Response.ok(page.data("rules", shown).data("total", all.count()).data("packs", packs)
                .data("frameworks", frameworks).data("pack", p).data("framework", f)).build();
    }
}
