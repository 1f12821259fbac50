document.getElementById("root").textContent = "orders app: " + location.pathname;
