package com.acme;

import java.util.List;
import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

@SpringBootApplication
@RestController
public class HelloApplication {
    public record Item(long id, String name) {}

    private static final List<Item> ITEMS = List.of(new Item(1, "apple"), new Item(2, "pear"));

    public static void main(String[] args) {
        SpringApplication.run(HelloApplication.class, args);
    }

    @GetMapping("/api/items")
    public List<Item> all() {
        return ITEMS;
    }

    @GetMapping("/api/items/{id}")
    public Item one(@PathVariable long id) {
        return ITEMS.stream().filter(i -> i.id() == id).findFirst()
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
    }

    @PostMapping("/api/items")
    public Map<String, Object> create(@RequestBody Item item) {
        return Map.of("created", item.name());
    }
}
