package io.shakedown.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Stack traces of six runtimes, found raw, inside HTML and inside JSON string values; prose and normal bodies are not traces. */
class StackTracesTest {

    static final Map<String, String> TRACES = Map.of(
            "java", """
                    java.lang.IllegalStateException: boom
                    \tat com.acme.shop.OrderService.place(OrderService.java:42)
                    \tat com.acme.shop.OrderResource.post(OrderResource.java:17)
                    \tat java.base/jdk.internal.reflect.DirectMethodHandleAccessor.invoke(DirectMethodHandleAccessor.java:103)""",
            "kotlin", """
                    kotlin.NotImplementedError: An operation is not implemented.
                    \tat com.acme.ApplicationKt.module(Application.kt:12)
                    \tat io.ktor.server.engine.BaseApplicationEngine.start(BaseApplicationEngine.kt:80)""",
            "scala", """
                    scala.MatchError: 3 (of class java.lang.Integer)
                    \tat com.acme.Routes.$anonfun$route$1(Routes.scala:27)
                    \tat akka.http.scaladsl.server.Directive.tapply(Directive.scala:41)""",
            "python", """
                    Traceback (most recent call last):
                      File "/app/app.py", line 12, in index
                        return 1 / 0
                    ZeroDivisionError: division by zero""",
            "node", """
                    TypeError: Cannot read properties of undefined (reading 'id')
                        at getUser (/app/src/users.js:14:22)
                        at Layer.handle [as handle_request] (/app/node_modules/express/lib/router/layer.js:95:5)""",
            "go", """
                    panic: runtime error: invalid memory address or nil pointer dereference
                    goroutine 34 [running]:
                    main.handler(0xc0000a4000, 0xc0000b2000)
                    \t/src/app/main.go:27 +0x1d
                    net/http.HandlerFunc.ServeHTTP(0x6a8b10, 0xc0000a4000)
                    \t/usr/local/go/src/net/http/server.go:2136 +0x29""",
            "ruby", """
                    NoMethodError (undefined method `name' for nil:NilClass):
                    app/controllers/users_controller.rb:8:in `show'
                    actionpack (7.0.4) lib/action_controller/metal/basic_implicit_render.rb:6:in `send_action'""",
            "dotnet", """
                    System.NullReferenceException: Object reference not set to an instance of an object.
                       at Acme.Api.Controllers.UsersController.Get(Int32 id) in /src/Api/Controllers/UsersController.cs:line 21
                       at lambda_method5(Closure, Object, Object[])""");

    @ParameterizedTest
    @CsvSource({"java,JVM", "kotlin,JVM", "scala,JVM", "python,Python", "node,Node", "go,Go", "ruby,Ruby", "dotnet,.NET"})
    void foundRawInHtmlAndInJson(String runtime, String format) throws Exception {
        String trace = TRACES.get(runtime);
        assertEquals(format, StackTraces.find(trace).orElseThrow(() -> new AssertionError("raw " + runtime)).format(), runtime + " raw");

        String json = new ObjectMapper().writeValueAsString(Map.of("timestamp", "2026-11-29T15:00:00Z", "status", 500,
                "error", "Internal Server Error", "trace", trace, "path", "/orders"));
        assertTrue(json.contains("\\n"), "escaped as every JSON encoder does");
        assertEquals(format, StackTraces.find(json).orElseThrow(() -> new AssertionError("json " + runtime + ": " + json)).format(), runtime + " json");

        String html = "<html><body><h1>500</h1><pre>" + trace.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
                .replace("\n", "<br>").replace("  ", "&nbsp;&nbsp;") + "</pre></body></html>";
        assertEquals(format, StackTraces.find(html).orElseThrow(() -> new AssertionError("html " + runtime + ": " + html)).format(), runtime + " html");
    }

    @Test
    void theExpressDevelopmentErrorPageIsATrace() {
        String page = "<!DOCTYPE html><html><body><pre>NotFoundError: Not Found<br> &nbsp; &nbsp;at /app/server.js:21:8<br>"
                + " &nbsp; &nbsp;at Layer.handle [as handle_request] (/usr/share/nodejs/express/lib/router/layer.js:95:5)</pre></body></html>";
        assertEquals("Node", StackTraces.find(page).orElseThrow().format());
    }

    @Test
    void ordinaryBodiesAreNotTraces() {
        for (String body : new String[] {
                "{\"timestamp\":\"2026-11-29T15:00:00Z\",\"status\":404,\"error\":\"Not Found\",\"path\":\"/x\"}",
                "<html><body><p>We are at the office at 9. Meet at Main St (Building 2).</p></body></html>",
                "Not Found", "{\"detail\":\"Not Found\"}", "{\"message\":\"at least one item is required\"}",
                "error at line 3: unexpected token"}) {
            assertTrue(StackTraces.find(body).isEmpty(), body);
        }
    }
}
