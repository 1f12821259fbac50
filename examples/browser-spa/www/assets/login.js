// Signs in against /users/<name>.json (a stand-in for the backend), then goes to the home page.
document.getElementById("login").addEventListener("submit", function (event) {
  event.preventDefault();
  var user = document.getElementById("user").value;
  var password = document.getElementById("password").value;
  var message = document.getElementById("message");
  fetch("/users/" + encodeURIComponent(user) + ".json")
    .then(function (r) { return r.ok ? r.json() : null; })
    .then(function (account) {
      if (!account || account.password !== password) { message.textContent = "Wrong user name or password."; return; }
      sessionStorage.setItem("user", account.name + " (" + document.getElementById("team").value + ")");
      location.href = "/";
    });
});
