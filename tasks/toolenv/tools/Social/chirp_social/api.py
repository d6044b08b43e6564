"""Chirp Social: users, posts, comments and trending hashtags."""

import importlib.util
import re
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
    "tool_name": "Chirp Social",
    "tool_description": "A social network: find users, read profiles, their posts and the comments on them, and trending hashtags.",
}


def _user(user_id):
    return kit.get("users", "id", str(user_id).strip(), "user", "Find user ids with Search Users.")


@kit.api("Search Users", example={"query": "ana"})
def search_users(query: str):
    """Users whose username or display name contains the text.

    query: Part of a username or name.
    """
    query = kit.non_empty(query, "query")
    return {
        "users": [
            {"user_id": u["id"], "username": u["username"], "display_name": u["display_name"]}
            for u in kit.table("users")
            if kit.contains(u["username"], query) or kit.contains(u["display_name"], query)
        ]
    }


@kit.api("User Profile", example=lambda: {"user_id": kit.table("users")[0]["id"]})
def user_profile(user_id: str):
    """Bio, home city, followers, following and join date of a user.

    user_id: The user_id from Search Users.
    """
    u = _user(user_id)
    return {
        "user_id": u["id"],
        "username": u["username"],
        "display_name": u["display_name"],
        "bio": u["bio"],
        "city": kit.city(u["city_id"])["name"],
        "followers": u["followers"],
        "following": u["following"],
        "joined": u["joined"],
        "verified": u["verified"],
    }


@kit.api("User Posts", example=lambda: {"user_id": kit.table("users")[0]["id"]})
def user_posts(user_id: str, page: int = 1, limit: int = 10):
    """A user's posts, newest first, with likes and reposts.

    user_id: The user_id from Search Users.
    page: Page number, starting at 1.
    limit: Posts per page (1-50).
    """
    u = _user(user_id)
    rows = [
        {"post_id": p["id"], "text": p["text"], "created": p["created"], "likes": p["likes"], "reposts": p["reposts"]}
        for p in kit.table("posts")
        if p["user_id"] == u["id"]
    ]
    return {"username": u["username"], **kit.paginate(rows, page, limit, key="posts")}


@kit.api("Post Comments", example=lambda: {"post_id": kit.table("comments")[0]["post_id"]})
def post_comments(post_id: str):
    """Comments on a post with their authors.

    post_id: The post_id from User Posts.
    """
    post = kit.get("posts", "id", str(post_id).strip(), "post", "List posts with User Posts.")
    users = kit.index("users", "id")
    return {
        "post_id": post["id"],
        "comments": [
            {"username": users[c["user_id"]]["username"], "text": c["text"]}
            for c in kit.table("comments")
            if c["post_id"] == post["id"]
        ],
    }


@kit.api("Trending Hashtags", example={"days": 7})
def trending_hashtags(days: int, limit: int = 5):
    """Hashtags used most in posts of the last days.

    days: Look-back window in days (1-60).
    limit: Number of hashtags (1-20).
    """
    kit.require(1 <= days <= 60, f"Invalid days {days}: choose 1 to 60.")
    kit.require(1 <= limit <= 20, f"Invalid limit {limit}: choose 1 to 20.")
    from datetime import timedelta

    since = (kit.today() - timedelta(days=days - 1)).isoformat()
    counts = {}
    for p in kit.table("posts"):
        if p["created"] >= since:
            for tag in re.findall(r"#(\w+)", p["text"]):
                counts[tag] = counts.get(tag, 0) + 1
    ranked = sorted(counts, key=lambda t: (-counts[t], t))[:limit]
    return {"since": since, "hashtags": [{"tag": "#" + t, "posts": counts[t]} for t in ranked]}
