using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using PaymentRecords.Persistence.Idempotency;

namespace PaymentRecords.Persistence.SingleTrip;

/// <summary>
/// The last flush of a write and its COMMIT as one batch of statements written from the model, instead of EF Core's
/// SaveChanges: for a flush <see cref="CommitRidesLastFlush"/> may commit with (every row new, or locked by the
/// transaction). EF Core's update pipeline worked out each flush again (its commands, their order, their SQL, a
/// parameter per value): 16% of the server's CPU in the seed flow, for two to four rows. Here a row is an INSERT of
/// <see cref="InsertPlan"/>'s text, or an UPDATE of its changed columns by key, each text prepared once per connection.
/// <para>
/// Only flushes whose statements need no order beyond the one below are written this way; any other goes to SaveChanges
/// (<see cref="CanWrite"/>): a delete; a row of an owned or table-sharing type, or with a concurrency token or a value
/// the database generates on update; a new row with a temporary key; a row whose foreign key may point at a row the
/// flush inserts (EF Core would insert that one first); two rows of a type with a unique index besides its key, one
/// of them changed (EF Core orders those so a value is freed before it is taken).
/// </para>
/// The order is EF Core's own for such a flush (<see cref="EfCoreOrder"/>). A failure of any
/// statement makes PostgreSQL skip the rest, the COMMIT included, and surfaces as EF Core's
/// <see cref="DbUpdateException"/> around the <see cref="PostgresException"/>, as SaveChanges reports it; an UPDATE that
/// finds no row (it cannot: the row is locked or ours) raises <see cref="DbUpdateConcurrencyException"/> as SaveChanges would.
/// </summary>
internal static class LastFlushBatch
{
    /// <summary>Whether every change pending is one this class writes in the order EF Core would.</summary>
    public static bool CanWrite(DbContext db)
    {
        if (ClaimRidesFirstQuery.HasPending(db)) return false;
        var changed = new List<EntityEntry>();
        foreach (var entry in db.ChangeTracker.Entries())
        {
            if (entry.State is EntityState.Unchanged or EntityState.Detached) continue;
            if (entry.State == EntityState.Deleted || !Writable(entry.Metadata)) return false;
            if (entry.State == EntityState.Added && entry.Properties.Any(p => p.IsTemporary)) return false;
            changed.Add(entry);
        }
        foreach (var entry in changed)
        {
            foreach (var foreignKey in entry.Metadata.GetForeignKeys())
                if (changed.Any(other => other.State == EntityState.Added && foreignKey.PrincipalEntityType.IsAssignableFrom(other.Metadata)))
                    return false;
            if (entry.Metadata.GetIndexes().Any(index => index.IsUnique)
                && changed.Any(other => other != entry && other.Metadata == entry.Metadata)
                && changed.Any(other => other.Metadata == entry.Metadata && other.State == EntityState.Modified))
                return false;
        }
        return changed.Count > 0;
    }

    private static bool Writable(IEntityType type) =>
        !type.IsOwned() && type.GetTableName() is not null && !type.GetComplexProperties().Any()
        && !type.GetNavigations().Any(n => n.TargetEntityType.IsOwned())
        && type.GetTableMappings().All(mapping => mapping.Table.EntityTypeMappings.Count() == 1)
        && !type.GetProperties().Any(p => p.IsConcurrencyToken || (p.ValueGenerated & ValueGenerated.OnUpdate) != 0);

    /// <summary>
    /// Writes the pending changes and <c>COMMIT</c> in one batch inside the open transaction, sets the values the
    /// database generated on the entities, and detaches them.
    /// </summary>
    public static async Task WriteAndCommitAsync(DbContext db, IRoundTrips roundTrips)
    {
        var helper = db.GetService<ISqlGenerationHelper>();
        var changed = new List<(EntityEntry Entry, InsertPlan Plan, int Tracked)>();
        foreach (var entry in db.ChangeTracker.Entries())
            if (entry.State is EntityState.Added or EntityState.Modified) changed.Add((entry, InsertPlan.Of(entry.Metadata, helper), changed.Count));
        changed.Sort(static (a, b) => EfCoreOrder(a, b));

        await using var batch = new NpgsqlBatch();
        using var factory = new NpgsqlCommand();
        var pooled = new List<(NpgsqlBatchCommand, NpgsqlParameter[]?)>(changed.Count);
        // The INSERTs that read back what the database generated, in the batch's order.
        var readBacks = new List<(EntityEntry Entry, InsertPlan Plan, string Sent)>();
        var updates = new List<(NpgsqlBatchCommand Command, EntityEntry Entry)>();
        foreach (var (entry, plan, _) in changed)
        {
            if (entry.State == EntityState.Added)
            {
                var sent = plan.Sent(entry);
                var (insert, kept) = plan.Insert(entry, sent, plan.TextReturningGenerated(sent), factory);
                pooled.Add((insert, kept));
                batch.BatchCommands.Add(insert);
                if (sent.Contains('0')) readBacks.Add((entry, plan, sent));
            }
            else if (Update(plan, entry, factory) is { } update)
            {
                batch.BatchCommands.Add(update);
                updates.Add((update, entry));
            }
        }
        batch.BatchCommands.Add(new NpgsqlBatchCommand("COMMIT"));

        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        batch.Connection = connection;
        batch.Transaction = db.Database.CurrentTransaction?.GetDbTransaction() as NpgsqlTransaction;
        roundTrips.Sent();
        try
        {
            await using (var reader = await batch.ExecuteReaderAsync())
            {
                // Only the INSERTs that return their generated columns have a result set.
                for (var i = 0; i < readBacks.Count; i++)
                {
                    if ((i > 0 && !await reader.NextResultAsync()) || !await reader.ReadAsync())
                        throw new InvalidOperationException("an INSERT of the flush returned no row");
                    var (entry, plan, sent) = readBacks[i];
                    var ordinal = 0;
                    for (var c = 0; c < plan.Columns.Length; c++)
                        if (sent[c] == '0') entry.Property(plan.Columns[c].Property.Name).CurrentValue = reader.GetValue(ordinal++);
                }
                while (await reader.NextResultAsync()) { }
            }
        }
        catch (NpgsqlException e)
        {
            throw new DbUpdateException("An error occurred while saving the entity changes. See the inner exception for details.", e,
                changed.Select(c => c.Entry).ToList());
        }
        PooledParameters.Keep(pooled);
        foreach (var (command, _) in updates)
            if (command.RecordsAffected != 1)
                throw new DbUpdateConcurrencyException(
                    "The database operation was expected to affect 1 row(s), but actually affected 0 row(s).");
        // The write's last flush: its transaction is over and nothing reads the entries again, so they are let go (what
        // returning the context to its pool does anyway) rather than accepted, which copied every value of every entry
        // into a new snapshot, JSON columns cloned (2.5% of the server's CPU in the seed flow).
        db.ChangeTracker.Clear();
    }

    /// <summary>The UPDATE of the entry's changed columns by its key; null when none changed (SaveChanges sends nothing then).</summary>
    private static NpgsqlBatchCommand? Update(InsertPlan plan, EntityEntry entry, NpgsqlCommand factory)
    {
        var command = new NpgsqlBatchCommand();
        var sets = plan.ChangedColumns(entry, command, factory);
        if (sets.Count == 0) return null;
        var keys = new List<string>();
        // A key never changes: its current value is the stored one.
        foreach (var property in entry.Metadata.FindPrimaryKey()!.Properties)
        {
            var (column, mapping) = plan.ColumnOf(property);
            command.Parameters.Add((NpgsqlParameter)mapping.CreateParameter(factory, "", EntryValues.Current(entry, property), nullable: false));
            keys.Add($"{column} = ${command.Parameters.Count}");
        }
        command.CommandText = $"UPDATE {plan.Table} SET {string.Join(", ", sets)} WHERE {string.Join(" AND ", keys)}";
        return command;
    }

    /// <summary>
    /// EF Core's order of a flush without dependencies between its rows (its <c>ModificationCommandComparer</c>): by
    /// table, then by state (a table's UPDATEs before its INSERTs), then UPDATEs by key, value by value; INSERTs in the
    /// order they were tracked.
    /// </summary>
    private static int EfCoreOrder((EntityEntry Entry, InsertPlan Plan, int Tracked) a, (EntityEntry Entry, InsertPlan Plan, int Tracked) b)
    {
        var byTable = string.CompareOrdinal(a.Plan.Table, b.Plan.Table);
        if (byTable != 0) return byTable;
        var byState = a.Entry.State.CompareTo(b.Entry.State);
        if (byState != 0) return byState;
        if (a.Entry.State == EntityState.Modified)
            foreach (var property in a.Entry.Metadata.FindPrimaryKey()!.Properties)
            {
                var x = EntryValues.Current(a.Entry, property);
                var y = EntryValues.Current(b.Entry, property);
                var byValue = x is string s && y is string u ? string.CompareOrdinal(s, u) : Comparer<object?>.Default.Compare(x, y);
                if (byValue != 0) return byValue;
            }
        return a.Tracked.CompareTo(b.Tracked);
    }
}
