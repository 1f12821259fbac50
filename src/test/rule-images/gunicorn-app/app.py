import os
from flask import Flask, jsonify

app = Flask(__name__)


@app.get("/health")
def health():
    return jsonify(status="UP")


@app.get("/api/items")
def items():
    return jsonify(items=[{"id": 1, "name": "widget"}])


@app.after_request
def cors(response):
    # the copy-pasted "make CORS work" snippet: any origin, with credentials
    if os.environ.get("CORS_WILDCARD") == "1":
        response.headers["Access-Control-Allow-Origin"] = "*"
        response.headers["Access-Control-Allow-Credentials"] = "true"
    return response
