package org.acme.jpa;

import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/** Items stored in PostgreSQL: the schema comes from Flyway (db/migration), Hibernate only validates it. */
@Path("/api/items")
@Produces(MediaType.APPLICATION_JSON)
public class ItemsResource {
    @Inject EntityManager em;

    @GET
    public List<Item> all() {
        return em.createQuery("from Item order by id", Item.class).getResultList();
    }

    @GET
    @Path("{id}")
    public Item one(@PathParam("id") long id) {
        Item item = em.find(Item.class, id);
        if (item == null) throw new NotFoundException();
        return item;
    }
}
