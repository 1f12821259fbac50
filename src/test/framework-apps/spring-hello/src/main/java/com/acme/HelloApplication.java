package com.acme;

import jakarta.servlet.Filter;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.config.annotation.CorsRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * The app of every Spring Boot variant. What differs between variants is configuration only (variants/*.properties):
 * actuator exposure and masking, a CORS origin list (acme.cors.allowed-origins), a debug-looking response header
 * (acme.debug-header), and a payment API key bound as configuration properties (acme.payment.*).
 */
@SpringBootApplication
@RestController
@EnableConfigurationProperties(HelloApplication.PaymentProperties.class)
public class HelloApplication {
    public record Item(long id, String name) {}

    /** A secret bound as configuration properties: what /actuator/configprops shows (masked by default). */
    @ConfigurationProperties("acme.payment")
    public record PaymentProperties(String apiKey, String endpoint) {}

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

    /** CORS with an explicit origin list (and credentials): the safe pattern, which must not look like the wildcard one. */
    @Bean
    WebMvcConfigurer cors(@Value("${acme.cors.allowed-origins:}") String[] origins) {
        return new WebMvcConfigurer() {
            @Override
            public void addCorsMappings(CorsRegistry registry) {
                if (origins.length > 0) registry.addMapping("/**").allowedOrigins(origins).allowCredentials(true);
            }
        };
    }

    /** A header that looks like debugging but only carries a request id. */
    @Bean
    @ConditionalOnProperty("acme.debug-header")
    Filter debugHeader() {
        return (request, response, chain) -> {
            ((jakarta.servlet.http.HttpServletResponse) response).setHeader("X-Debug-Request-Id", UUID.randomUUID().toString());
            chain.doFilter(request, response);
        };
    }
}
