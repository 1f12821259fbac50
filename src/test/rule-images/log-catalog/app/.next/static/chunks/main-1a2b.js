const API="http://localhost:4000/api";fetch(API+"/items")
