// An SPA in miniature: it renders only once it has fetched its runtime configuration, a moment after load.
(function () {
  var root = document.getElementById("root");
  function render(config) {
    var user = sessionStorage.getItem("user");
    root.innerHTML = "<h1>" + config.title + "</h1>" +
      (user ? "<p id=\"greeting\">Signed in as <strong id=\"user-name\">" + user + "</strong></p>"
            : "<p><a id=\"sign-in\" href=\"/login.html\">Sign in</a></p>") +
      "<ul id=\"orders\">" + config.orders.map(function (o) { return "<li>" + o + "</li>"; }).join("") + "</ul>";
  }
  setTimeout(function () {
    fetch("/config.json")
      .then(function (r) { if (!r.ok) throw new Error("GET /config.json answered " + r.status); return r.json(); })
      .then(render)
      .catch(function (e) {
        console.error("could not load the configuration:", e.message);
        root.innerHTML = "<p class=\"error\">Something went wrong. Please try again later.</p>";
      });
  }, 300);
})();
