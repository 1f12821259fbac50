package org.acme;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.Produces;
import java.util.List;
import java.util.Map;

@Path("/api/items")
@Produces(MediaType.APPLICATION_JSON)
public class ItemsResource {
    public record Item(long id, String name) {}

    private static final List<Item> ITEMS = List.of(new Item(1, "apple"), new Item(2, "pear"));

    @GET
    public List<Item> all() {
        return ITEMS;
    }

    @GET
    @Path("{id}")
    public Item one(@PathParam("id") long id) {
        return ITEMS.stream().filter(i -> i.id() == id).findFirst().orElseThrow(NotFoundException::new);
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Map<String, Object> create(Item item) {
        return Map.of("created", item.name());
    }
}
