"""A small FastAPI app (Debian's python3-fastapi 0.92, pydantic 1.10): FastAPI publishes /openapi.json from these types."""
from typing import List, Optional

from fastapi import FastAPI, HTTPException
from pydantic import BaseModel

app = FastAPI(title="fastapi-contract", version="1.0")


class Item(BaseModel):
    id: int
    name: str
    colour: Optional[str] = None


ITEMS = [Item(id=1, name="apple", colour="red"), Item(id=2, name="pear")]


@app.get("/health")
def health() -> dict:
    return {"status": "UP"}


@app.get("/items", response_model=List[Item], operation_id="listItems")
def list_items(limit: int = 10) -> List[Item]:
    return ITEMS[:limit]


@app.get("/items/{item_id}", response_model=Item, operation_id="getItem",
         responses={404: {"description": "no such item"}})
def get_item(item_id: int) -> Item:
    for item in ITEMS:
        if item.id == item_id:
            return item
    raise HTTPException(status_code=404, detail="no such item")
