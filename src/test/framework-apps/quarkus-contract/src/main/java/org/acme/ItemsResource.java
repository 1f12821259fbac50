package org.acme;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/** A small documented API: smallrye-openapi derives /q/openapi from these signatures. */
@Path("/api")
@Produces(MediaType.APPLICATION_JSON)
public class ItemsResource {
    public record Item(long id, String name, String colour) {}

    public record Stats(int count, String newest) {}

    private static final List<Item> ITEMS = List.of(new Item(1, "apple", "red"), new Item(2, "pear", null));

    @ConfigProperty(name = "app.stats.broken")
    boolean statsBroken;

    @GET
    @Path("/items")
    @Operation(operationId = "listItems")
    public List<Item> all(@QueryParam("limit") Integer limit) {
        return limit == null ? ITEMS : ITEMS.subList(0, Math.min(limit, ITEMS.size()));
    }

    @GET
    @Path("/items/{id}")
    @Operation(operationId = "getItem")
    @APIResponse(responseCode = "200", description = "the item")
    @APIResponse(responseCode = "404", description = "no such item")
    public Item one(@PathParam("id") long id) {
        return ITEMS.stream().filter(i -> i.id() == id).findFirst().orElseThrow(NotFoundException::new);
    }

    @GET
    @Path("/stats")
    @Operation(operationId = "getStats")
    public Stats stats() {
        if (statsBroken) throw new IllegalStateException("stats cache not initialised"); // the variant "broken": a 500
        return new Stats(ITEMS.size(), ITEMS.getLast().name());
    }
}
