document.getElementById("root").textContent = "orders app";
