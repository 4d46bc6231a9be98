using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using PaymentRecords.Persistence.Idempotency;

namespace PaymentRecords.Persistence.SingleTrip;

/// <summary>
/// Several reads of a unit of work in ONE round trip, where EF Core sends one query per entity type: a batch of
/// statements PostgreSQL runs in order, inside the open transaction, so row locks are taken in the order the
/// statements are added (the lock order stays the caller's to keep). The Idempotency-Key claim waiting for the
/// request's first query (<see cref="ClaimRidesFirstQuery"/>) goes in front, as it would in front of an EF Core query:
/// when it refuses, PostgreSQL runs none of the reads and the same <see cref="PostgresException"/> reaches the pipeline.
/// <para>
/// Rows come back as tracked entities, exactly as a tracking query would hand them: an entity the unit of work already
/// tracks is returned as it is (identity resolution), a new one is attached unchanged. An entity a locking statement
/// returns is known as locked (<see cref="CommitRidesLastFlush.MarkLocked"/>), as one a locking EF Core query returns is.
/// Statements use positional parameters (<c>$1</c>…).
/// </para>
/// </summary>
public sealed class ReadBatch(PaymentRecordsDbContext db)
{
    private readonly List<(NpgsqlBatchCommand Command, Action<DbDataReader> Read)> _reads = [];

    /// <summary>The rows of one statement, filled in by <see cref="SendAsync"/>.</summary>
    public sealed class Rows<T>
    {
        public List<T> Items { get; } = [];

        public T? Single => Items.Count == 1 ? Items[0] : default;

        /// <summary>Each row's version, when the statement selects one as <c>row_version</c> (<c>xmin::text</c>).</summary>
        public List<string> Versions { get; } = [];
    }

    /// <summary>The column a statement names a row's version (<c>xmin::text AS row_version</c>) by.</summary>
    public const string VersionColumn = "row_version";

    /// <summary>How the entities of a statement are handed back.</summary>
    public enum Tracking
    {
        /// <summary>Not tracked (a row only read to render or to check).</summary>
        None,
        /// <summary>Tracked, unchanged.</summary>
        Tracked,
        /// <summary>Tracked, and the statement took their row locks (<c>FOR UPDATE</c>…).</summary>
        Locked,
    }

    /// <summary>A statement whose rows are <typeparamref name="T"/> entities (<c>SELECT *</c> of its table).</summary>
    public Rows<T> Entities<T>(string sql, Tracking tracking, params object[] values) where T : class
    {
        var rows = new Rows<T>();
        var type = db.Model.FindEntityType(typeof(T)) ?? throw new InvalidOperationException($"{typeof(T).Name} is not mapped");
        var materializer = RowMaterializer.For(type);
        var key = type.FindPrimaryKey()!;
        _locks |= tracking == Tracking.Locked;
        Add(sql, values, reader =>
        {
            var ordinals = materializer.Ordinals(reader);
            var version = -1;
            for (var i = 0; i < reader.FieldCount; i++) if (reader.GetName(i) == VersionColumn) version = i;
            var read = new List<T>();
            while (reader.Read())
            {
                read.Add((T)materializer.Materialize(reader, ordinals));
                if (version >= 0) rows.Versions.Add(reader.GetString(version));
            }
            // Tracked once the result set is read: attaching runs no query, but the reader holds the connection.
            foreach (var entity in read) rows.Items.Add(tracking == Tracking.None ? entity : Track(entity, key, tracking == Tracking.Locked));
        });
        return rows;
    }

    /// <summary>A statement whose rows are one column of <typeparamref name="T"/> (null for SQL NULL).</summary>
    public Rows<T?> Values<T>(string sql, params object[] values)
    {
        var rows = new Rows<T?>();
        Add(sql, values, reader =>
        {
            while (reader.Read()) rows.Items.Add(reader.IsDBNull(0) ? default : reader.GetFieldValue<T>(0));
        });
        return rows;
    }

    private void Add(string sql, object[] values, Action<DbDataReader> read)
    {
        var command = new NpgsqlBatchCommand(sql);
        foreach (var value in values) command.Parameters.Add(new NpgsqlParameter { Value = value });
        _reads.Add((command, read));
    }

    /// <summary>
    /// Sends every statement in one round trip and reads their rows: in the unit of work's open transaction, or, for
    /// reads that take no lock (a single-trip attempt's, before its write), on their own.
    /// </summary>
    public async Task SendAsync()
    {
        var transaction = db.Database.CurrentTransaction?.GetDbTransaction() as NpgsqlTransaction;
        if (transaction is null && _locks) throw new InvalidOperationException("row locks are taken inside the unit of work's transaction");
        await db.Database.OpenConnectionAsync();
        try
        {
            await SendAsync(transaction);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private bool _locks;

    private async Task SendAsync(NpgsqlTransaction? transaction)
    {
        await using var batch = new NpgsqlBatch((NpgsqlConnection)db.Database.GetDbConnection(), transaction);
        if (ClaimRidesFirstQuery.TakePending(db) is var (accountId, key, holdSeconds))
            batch.BatchCommands.Add(new NpgsqlBatchCommand("CALL claim_idempotency_key($1, $2, $3)")
            {
                Parameters = { new() { Value = accountId }, new() { Value = key }, new() { Value = holdSeconds } },
            });
        foreach (var (command, _) in _reads) batch.BatchCommands.Add(command);
        RoundTrips()?.Sent();
        await using var reader = await batch.ExecuteReaderAsync();
        // A CALL returns no result set: the first one is the first read's.
        for (var i = 0; i < _reads.Count; i++)
        {
            if (i > 0 && !await reader.NextResultAsync()) throw new InvalidOperationException("a read of the batch returned no result set");
            _reads[i].Read(reader);
        }
    }

#pragma warning disable EF1001 // The state manager's lookup by key is a tracking query's own identity resolution; DbSet.Local would
                                // build an observable view of the set that every later tracking in the context updates.
    private T Track<T>(T entity, Microsoft.EntityFrameworkCore.Metadata.IKey key, bool locked) where T : class
    {
        var values = new object?[key.Properties.Count];
        for (var i = 0; i < values.Length; i++) values[i] = key.Properties[i].GetGetter().GetClrValueUsingContainingEntity(entity);
        if (db.GetService<Microsoft.EntityFrameworkCore.ChangeTracking.Internal.IStateManager>().TryGetEntry(key, values) is { } tracked)
            return (T)tracked.Entity;
        db.Entry(entity).State = EntityState.Unchanged;
        if (locked) CommitRidesLastFlush.MarkLocked(db, entity);
        return entity;
    }
#pragma warning restore EF1001

    /// <summary>The round-trip counter among the context's interceptors (EF Core's command interceptors do not see this batch).</summary>
    private IRoundTrips? RoundTrips() =>
        db.GetService<IDbContextOptions>().FindExtension<CoreOptionsExtension>()?.Interceptors?.OfType<IRoundTrips>().FirstOrDefault();
}
