package com.acme;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** A small documented API: springdoc derives /v3/api-docs from these signatures and annotations. */
@SpringBootApplication
@RestController
public class ContractApplication {
    public record Item(long id, String name) {}

    private static final List<Item> ITEMS = List.of(new Item(1, "apple"), new Item(2, "pear"));

    /** The variant "drift" answers ids as strings while the document still says integer (a DTO changed, the doc did not). */
    @Value("${app.drift}")
    boolean drift;

    public static void main(String[] args) {
        SpringApplication.run(ContractApplication.class, args);
    }

    @GetMapping(value = "/health", produces = "application/json")
    @Operation(operationId = "health")
    public Map<String, String> health() {
        return Map.of("status", "UP");
    }

    @GetMapping(value = "/api/items", produces = "application/json")
    @Operation(operationId = "listItems")
    public List<Item> all() {
        return ITEMS;
    }

    @GetMapping(value = "/api/items/{id}", produces = "application/json")
    @Operation(operationId = "getItem", responses = {
            @ApiResponse(responseCode = "200", description = "the item",
                    content = @Content(mediaType = "application/json", schema = @Schema(implementation = Item.class))),
            @ApiResponse(responseCode = "404", description = "no such item", content = @Content)})
    public ResponseEntity<Object> one(@PathVariable long id) {
        var item = ITEMS.stream().filter(i -> i.id() == id).findFirst();
        if (item.isEmpty()) return ResponseEntity.notFound().build();
        if (drift) return ResponseEntity.ok(Map.of("id", String.valueOf(item.get().id()), "name", item.get().name()));
        return ResponseEntity.ok(item.get());
    }
}
