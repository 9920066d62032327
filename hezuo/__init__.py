"""Hezuo (合作): the system of record and matchmaking desk of regional cooperation programs."""
