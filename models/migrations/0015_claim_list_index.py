from tortoise import migrations
from tortoise.indexes import Index
from tortoise.migrations import operations as ops

#: The claims list's default order is (requested_on DESC, id DESC), keyset-paged on both.
#: The (seller_id, requested_on) index did not hold the id, so on PostgreSQL a large
#: seller's first page sorted all the rows of its newest days again (an incremental sort
#: under a parallel gather: two worker processes and ~15 ms for the 1M-claim seller, which
#: capped the page at ~100 req/s on 2 cores). With the id in the index the page is an index
#: scan that stops after 51 rows. SQLite's index already ended in the rowid (the id), so its
#: plan does not change; the index count stays the same, so writes cost the same.


class Migration(migrations.Migration):
    dependencies = [("models", "0014_reminder_probe")]

    initial = False

    operations = [
        ops.RemoveIndex(model_name="Claim", fields=["seller_id", "requested_on"]),
        ops.AddIndex(model_name="Claim", index=Index(fields=["seller_id", "requested_on", "id"])),
    ]
