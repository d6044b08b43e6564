"""BookShelf: books and authors."""

import importlib.util
import sys
from pathlib import Path

_KIT = str(Path(__file__).resolve().parents[3] / "_lib" / "toolkit.py")
if _KIT not in sys.modules:  # the shared toolkit, loaded by path (see _lib/toolkit.py)
    _spec = importlib.util.spec_from_file_location("toolenv_toolkit", _KIT)
    _module = importlib.util.module_from_spec(_spec)
    _spec.loader.exec_module(_module)  # published only when complete: tools load in parallel threads
    sys.modules.setdefault(_KIT, _module)
kit = sys.modules[_KIT]

TOOL = {
    "tool_name": "BookShelf",
    "tool_description": "Books by title and author with publisher, pages, ISBN and reader ratings.",
}


def _summary(b):
    return {
        "book_id": b["id"],
        "title": b["title"],
        "author": kit.index("authors", "id")[b["author_id"]]["name"],
        "year": b["year"],
        "rating": b["rating"],
    }


@kit.api("Search Books", example={"query": "River"})
def search_books(query: str):
    """Books whose title or author contains the text.

    query: Part of a title or author name.
    """
    query = kit.non_empty(query, "query")
    authors = kit.index("authors", "id")
    return {
        "books": [
            _summary(b)
            for b in kit.table("books")
            if kit.contains(b["title"], query) or kit.contains(authors[b["author_id"]]["name"], query)
        ]
    }


@kit.api("Book Details", example=lambda: {"book_id": kit.table("books")[0]["id"]})
def book_details(book_id: str):
    """Genre, pages, ISBN and publisher of a book.

    book_id: The book_id from Search Books.
    """
    b = kit.get("books", "id", str(book_id).strip(), "book", "Find books with Search Books.")
    return {**_summary(b), "genre": b["genre"], "pages": b["pages"], "isbn": b["isbn"], "publisher": b["publisher"]}


@kit.api("Books by Author", example=lambda: {"author": kit.table("authors")[0]["name"]})
def books_by_author(author: str):
    """Every book by authors whose name contains the text, oldest first.

    author: Author name or part of it.
    """
    author = kit.non_empty(author, "author")
    ids = {a["id"] for a in kit.table("authors") if kit.contains(a["name"], author)}
    if not ids:
        raise kit.ApiError(f"No author matches '{author}'.", 404)
    rows = sorted((b for b in kit.table("books") if b["author_id"] in ids), key=lambda b: (b["year"], b["title"]))
    return {"books": [_summary(b) for b in rows]}


@kit.api("Top Rated Books", example={"genre": "Mystery"})
def top_rated_books(genre: str, limit: int = 5):
    """The best-rated books of a genre.

    genre: Mystery, Fantasy, Science Fiction, Biography, History, Romance, Thriller or Poetry.
    limit: Number of books (1-20).
    """
    genres = sorted({b["genre"] for b in kit.table("books")})
    kit.require(genre in genres, f"Unknown genre '{genre}'. Genres: {', '.join(genres)}.")
    kit.require(1 <= limit <= 20, f"Invalid limit {limit}: choose 1 to 20.")
    rows = sorted((b for b in kit.table("books") if b["genre"] == genre), key=lambda b: (-b["rating"], b["title"]))
    return {"genre": genre, "books": [_summary(b) for b in rows[:limit]]}
