"""`SavedReply`: a seller's 常用回复 (reusable memo title and body).

Why it exists in the API: the panel's memo form offers them and its [保存为常用回复] box
keeps a sent memo as one; `TransactionPanel.savedReplies` reads them from the panel read
model and `memoSend(input: {saveReply: true})` saves one, as the portal's form does.
"""

from __future__ import annotations

import strawberry

from gql import ids
from models.entities import SavedReply as SavedReplyEntity


@strawberry.type(description="A seller's reusable memo title and body (常用回复).")
class SavedReply:
    id: strawberry.ID = strawberry.field(description="Global ID (type SavedReply).")
    title: str = strawberry.field(description="The memo title it fills in.")
    body: str = strawberry.field(description="The memo text it fills in.")

    @classmethod
    def from_model(cls, row: SavedReplyEntity) -> SavedReply:
        return cls(
            id=strawberry.ID(ids.encode("SavedReply", row.id)), title=row.title, body=row.body
        )
