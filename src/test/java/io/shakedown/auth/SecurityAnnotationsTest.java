package io.shakedown.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ImportOption;
import io.quarkus.security.Authenticated;
import jakarta.annotation.security.DenyAll;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HEAD;
import jakarta.ws.rs.OPTIONS;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import java.lang.annotation.Annotation;
import java.util.List;
import java.util.TreeSet;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;

/**
 * Every endpoint says who may call it: each resource method of the service (api/ and ui/) carries, on itself or on its
 * class, @RolesAllowed, @PermitAll, @Authenticated or @DenyAll — and the service refuses an endpoint that does not
 * (quarkus.security.jaxrs.deny-unannotated-endpoints; AuthTest calls such an endpoint). Reads compiled classes only.
 */
@AnalyzeClasses(packages = "io.shakedown", importOptions = ImportOption.DoNotIncludeTests.class) // the import ArchitectureTest caches
class SecurityAnnotationsTest {
    static final List<Class<? extends Annotation>> HTTP_METHODS = List.of(GET.class, POST.class, PUT.class, DELETE.class, PATCH.class, HEAD.class, OPTIONS.class);
    static final List<Class<? extends Annotation>> DECLARATIONS = List.of(RolesAllowed.class, PermitAll.class, Authenticated.class, DenyAll.class);

    @ArchTest
    static void everyResourceMethodDeclaresWhoMayCallIt(JavaClasses classes) {
        var undeclared = new TreeSet<String>();
        int endpoints = 0;
        for (JavaClass c : classes) {
            for (JavaMethod m : c.getMethods()) {
                if (HTTP_METHODS.stream().noneMatch(m::isAnnotatedWith)) continue;
                endpoints++;
                if (DECLARATIONS.stream().noneMatch(a -> m.isAnnotatedWith(a) || c.isAnnotatedWith(a))) undeclared.add(c.getSimpleName() + "." + m.getName());
            }
        }
        assertTrue(endpoints > 40, "the walk found the service's endpoints: " + endpoints);
        assertEquals(new TreeSet<String>(), undeclared, "endpoints without @RolesAllowed/@PermitAll/@Authenticated/@DenyAll");
    }
}
