// The bundle reads the configuration the build should have embedded; this build embedded none.
var config = window.APP_CONFIG || {};

function render(root) {
  root.innerHTML = "<h1>Orders</h1><ul>" + config.orders.map(function (o) { return "<li>" + o + "</li>"; }).join("") + "</ul>";
}

render(document.getElementById("root"));
