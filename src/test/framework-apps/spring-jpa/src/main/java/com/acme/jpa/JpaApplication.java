package com.acme.jpa;

import java.util.List;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/** Items stored in PostgreSQL: the schema comes from Flyway (db/migration), Hibernate only validates it. */
@SpringBootApplication
@RestController
public class JpaApplication {
    private final Items items;

    public JpaApplication(Items items) {
        this.items = items;
    }

    public static void main(String[] args) {
        SpringApplication.run(JpaApplication.class, args);
    }

    @GetMapping("/api/items")
    public List<Item> all() {
        return items.findAll();
    }

    @GetMapping("/api/items/{id}")
    public Item one(@PathVariable long id) {
        return items.findById(id).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
    }
}
