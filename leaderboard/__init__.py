"""The leaderboard site: a read-only view over the results database."""
