using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using PaymentRecords.Domain.Events;
using PaymentRecords.Domain.Webhooks;
using PaymentRecords.Persistence.Idempotency;
using PaymentRecords.Persistence.Outbox;
using PaymentRecords.Persistence.Tracking;

namespace PaymentRecords.Persistence.SingleTrip;

/// <summary>
/// Saves a unit of work made only of new rows (a create: the object, its events, the stored response) in ONE round
/// trip: one batch of statements (one Sync), run by PostgreSQL in one implicit transaction that commits at its end, so the
/// claim of the Idempotency-Key, the INSERTs and the COMMIT travel together. Nothing is half-written: any statement
/// that fails aborts every one of them.
/// <para>
/// The claim comes first: <c>CALL claim_idempotency_key</c>, the procedure the classic path sends in front of its first
/// query (<c>pg_try_advisory_xact_lock</c> on (account, key), the very lock <c>IdempotencyStore.ClaimAsync</c> takes, and
/// a look for a stored response). If the lock is held by a request in flight, or a response is stored, it raises and
/// nothing is written; the caller answers 409 at once, or replays through the classic path. The lock is never waited for.
/// </para>
/// The INSERTs are generated from the EF model (table, columns, type mappings and converters of each added entity);
/// store-generated columns left at their sentinel (identity <c>seq</c>) are left to the database. A row attached at its
/// version (<see cref="AttachAt"/>: a customer update) is written by an UPDATE of its changed columns, or checked when
/// unchanged, only where it still has that version; a row <see cref="RememberedRows"/> keeps is remembered again at the
/// version the command gave it.
/// </summary>
public sealed class SingleTripSave(OutboxSignal outbox, IRoundTrips roundTrips)
{
    /// <summary>SQLSTATEs the claim raises (class "PR": ours): the claim procedure's, written once.</summary>
    public const string KeyInUseState = ClaimRidesFirstQuery.KeyInUseState;
    public const string KeyStoredState = ClaimRidesFirstQuery.KeyStoredState;

    /// <summary>The SQLSTATE a failed <see cref="Guard"/> raises: nothing is written, the request runs the classic way.</summary>
    public const string GuardFailedState = "PR412";

    public enum Outcome { Saved, KeyInUse, KeyStored }

    private const string ClaimText = "CALL claim_idempotency_key($1, $2, $3)";

    private const string GuardRaiseText = $"""
        DO $guard$ BEGIN
            IF current_setting('payment_records.single_trip_guard') <> 'ok' THEN
                RAISE EXCEPTION 'single-trip guard failed' USING ERRCODE = '{GuardFailedState}';
            END IF;
        END $guard$
        """;

    private static readonly ContextSlot<List<(string Condition, object[] Values)>> Guards = new();

    /// <summary>
    /// A condition the command checks, after the claim and before its writes, in the same transaction: a handler that
    /// answered from a cache instead of reading (a premise such as "this meter is still active") states it here; when
    /// it no longer holds, the command raises <see cref="GuardFailedState"/>, nothing is written, and the request runs
    /// the classic way, which reads. <c>{0}</c>, <c>{1}</c>… in <paramref name="condition"/> are <paramref name="values"/>.
    /// </summary>
    public static void Guard(DbContext db, string condition, params object[] values) => Guards.GetOrCreate(db, () => []).Add((condition, values));

    /// <summary>Forgets the guards (and the rows attached at a version) of an attempt that will not be saved this way.</summary>
    public static void ClearGuards(DbContext db)
    {
        Guards.Remove(db);
        Versioned.Remove(db);
        LockedOutsideTransaction.Remove(db);
    }

    private static readonly ContextSlot<object> LockedOutsideTransaction = new();

    /// <summary>
    /// Notes a row lock (<c>SELECT … FOR UPDATE</c>) taken with no transaction open, as in an attempt of this kind: the
    /// lock ended with its statement, so what the handler decided under it (a count under a test clock's lock, say)
    /// holds only when the classic run takes the lock again inside its transaction. <see cref="CanSave"/> then answers
    /// false.
    /// </summary>
    public static void NoteLock(DbContext db)
    {
        if (db.Database.CurrentTransaction is null) LockedOutsideTransaction.Set(db, LockedOutsideTransaction);
    }

    private static readonly ContextSlot<Dictionary<object, string>> Versioned = new();

    /// <summary>
    /// Attaches, unchanged, a row an attempt starts from without having locked it (remembered by
    /// <see cref="RememberedRows"/>, or read on its own) at the version (<c>xmin</c>) it had then. The command writes
    /// it, or, left unchanged, checks it, only where the row still has that version: a row another writer has changed
    /// since fails the command (<see cref="GuardFailedState"/>) and the request runs the classic way, which locks it.
    /// </summary>
    public static void AttachAt(DbContext db, object entity, string version)
    {
        db.Entry(entity).State = EntityState.Unchanged;
        Versioned.GetOrCreate(db, () => new(ReferenceEqualityComparer.Instance))[entity] = version;
    }

    /// <summary>
    /// True when every pending change is a new row, or a change of a row attached at its version
    /// (<see cref="AttachAt"/>), and no row lock was taken on the way (<see cref="NoteLock"/>): what this class can save. Anything else (an update of a row read otherwise, a delete)
    /// goes through SaveChanges in the classic transaction. Changes are detected only when the tracker holds a row
    /// loaded unchanged (the handler may have changed it): an Added row stays Added whatever was done to it, and the
    /// model has no navigations through which a detection could add one.
    /// </summary>
    public static bool CanSave(DbContext db)
    {
        if (LockedOutsideTransaction.TryGetValue(db, out _)) return false;
        var loaded = false;
        var onlyAdded = db.ChangeTracker.WithoutDetection(() => OnlyAdded(db, out loaded));
        return loaded ? OnlyAdded(db, out _) : onlyAdded;
    }

    /// <summary>
    /// Whether the tracker's entries are new rows, changed rows attached at a version, or unchanged ones (at least one
    /// new row or row attached at a version); <paramref name="loaded"/>: whether any is unchanged.
    /// </summary>
    private static bool OnlyAdded(DbContext db, out bool loaded)
    {
        var any = false;
        loaded = false;
        foreach (var entry in db.ChangeTracker.Entries())
        {
            if (entry.State == EntityState.Unchanged)
            {
                loaded = true;
                // A row attached at a version is checked by the command even when left unchanged (the answer shows it).
                if (Versioned.TryGetValue(db, out var attached) && attached.ContainsKey(entry.Entity)) any = true;
                continue;
            }
            var versioned = entry.State == EntityState.Modified && Versioned.TryGetValue(db, out var rows) && rows.ContainsKey(entry.Entity);
            if ((entry.State != EntityState.Added && !versioned) || entry.Metadata.IsOwned() || entry.Metadata.GetTableName() is null) return false;
            any = true;
        }
        return any;
    }

    /// <summary>
    /// Sends the claim (when <paramref name="response"/> carries an Idempotency-Key), the INSERTs of every added
    /// entity, the versioned UPDATEs or checks, the stored response and the commit as one batch. <paramref name="holdFor"/> (test hook) holds the
    /// claimed lock inside the transaction, server side, before the writes. Without a change detection: CanSave has
    /// detected the changes of the rows loaded unchanged (and settled that only rows attached at a version changed),
    /// nothing changes between the two, and an Added entry's values are read as they are.
    /// </summary>
    public Task<Outcome> SaveAsync(DbContext db, IdempotencyRecord? response, TimeSpan? holdFor = null) =>
        db.ChangeTracker.WithoutDetectionAsync(() => SaveAddedAsync(db, response, holdFor));

    private async Task<Outcome> SaveAddedAsync(DbContext db, IdempotencyRecord? response, TimeSpan? holdFor)
    {
        // A batch of statements, each with its own text and positional parameters, on the context's connection: no
        // command text to assemble and parse again, no parameter copied. With no transaction open, PostgreSQL runs the
        // batch (one Sync) as one implicit transaction.
        var batch = new NpgsqlBatch();
        using var factory = new NpgsqlCommand();
        // What to read from each statement that returns a row, in order (null: nothing, a guard's own row).
        var reads = new List<ReadBack>(4);
        // The statements whose parameters are kept for the next batch of the same text (PooledParameters).
        var pooled = new List<(NpgsqlBatchCommand, NpgsqlParameter[]?)>(8);
        if (response is not null)
        {
            // The same claim the classic path sends in front of its first query (migration IdempotencyClaimProcedure).
            var (claim, kept) = PooledParameters.Statement(ClaimText);
            pooled.Add((claim, kept));
            if (kept is null) claim.Parameters.AddRange(new NpgsqlParameter[] { new(), new(), new() });
            claim.Parameters[0].Value = response.AccountId;
            claim.Parameters[1].Value = response.Key;
            claim.Parameters[2].Value = holdFor?.TotalSeconds ?? 0;
            batch.BatchCommands.Add(claim);
        }

        if (Guards.TryGetValue(db, out var guards))
        {
            Guards.Remove(db);
            foreach (var (condition, values) in guards)
            {
                var names = new object[values.Length];
                for (var i = 0; i < values.Length; i++) names[i] = $"${i + 1}";
                var text = $"SELECT set_config('payment_records.single_trip_guard', CASE WHEN {string.Format(System.Globalization.CultureInfo.InvariantCulture, condition, names)} THEN 'ok' ELSE 'failed' END, true)";
                var (check, kept) = PooledParameters.Statement(text);
                pooled.Add((check, kept));
                for (var i = 0; i < values.Length; i++)
                    if (kept is not null) check.Parameters[i].Value = values[i];
                    else check.Parameters.Add(new NpgsqlParameter { Value = values[i] });
                batch.BatchCommands.Add(check);
                batch.BatchCommands.Add(new NpgsqlBatchCommand(GuardRaiseText));
                reads.Add(default);
            }
        }

        // Rows attached at a version are written (or checked) only at that version; every remembered row written here
        // is remembered again at the version this command gives it.
        Versioned.TryGetValue(db, out var versioned);
        Versioned.Remove(db);

        // The accounts whose events the command queues (one, but for a test's odd unit of work): a list, not a set.
        List<string>? events = null;
        var endpointsChanged = false;
        var helper = db.GetService<ISqlGenerationHelper>();
        foreach (var entry in db.ChangeTracker.Entries())
        {
            if (versioned is not null && versioned.TryGetValue(entry.Entity, out var version))
            {
                var versionPlan = InsertPlan.Of(entry.Metadata, helper);
                batch.BatchCommands.Add(entry.State == EntityState.Modified ? VersionedUpdate(versionPlan, entry, version, factory) : VersionCheck(versionPlan, entry, version));
                batch.BatchCommands.Add(new NpgsqlBatchCommand(GuardRaiseText));
                reads.Add(entry.State == EntityState.Modified ? new ReadBack(entry, VersionAt: 1) : new ReadBack(entry, Version: version));
                continue;
            }
            if (entry.State != EntityState.Added) continue;
            if (entry.Entity is EventRecord e && !(events ??= []).Contains(e.AccountId)) events.Add(e.AccountId);
            if (entry.Entity is WebhookEndpoint) endpointsChanged = true;
            var plan = InsertPlan.Of(entry.Metadata, helper);
            var sent = plan.Sent(entry);
            // A remembered row keeps the provider values its INSERT sends (no second conversion of its JSON).
            var remembered = RememberedRows.Remembers(entry.Metadata) ? new object?[plan.Columns.Length] : null;
            var text = remembered is not null ? plan.TextReturningVersion(sent) : plan.Text(sent);
            if (remembered is not null) reads.Add(new ReadBack(entry, VersionAt: 0, Plan: plan, Sent: sent, Values: remembered));
            var (insert, kept) = plan.Insert(entry, sent, text, factory, remembered);
            pooled.Add((insert, kept));
            batch.BatchCommands.Add(insert);
        }

        if (response is not null)
        {
            // The stored response is written, not tracked: nothing reads it back.
            var (stored, kept) = InsertPlan.Of(db.Model.FindEntityType(typeof(IdempotencyRecord))!, helper).InsertUntracked(response, factory);
            pooled.Add((stored, kept));
            batch.BatchCommands.Add(stored);
        }

        await db.Database.OpenConnectionAsync();
        try
        {
            batch.Connection = (NpgsqlConnection)db.Database.GetDbConnection();
            roundTrips.Sent();
            await using (var reader = await batch.ExecuteReaderAsync())
            {
                // Only statements that return rows have a result set; a statement that raises surfaces here.
                for (var i = 0; i < reads.Count; i++)
                {
                    if (i > 0 && !await reader.NextResultAsync()) throw new InvalidOperationException("a statement of the batch returned no row");
                    if (!await reader.ReadAsync()) throw new InvalidOperationException("a statement of the batch returned no row");
                    reads[i] = reads[i].From(reader);
                }
                while (await reader.NextResultAsync()) { }
            }
            PooledParameters.Keep(pooled);
        }
        catch (PostgresException pg) when (pg.SqlState is KeyInUseState or KeyStoredState)
        {
            db.ChangeTracker.Clear();
            return pg.SqlState == KeyInUseState ? Outcome.KeyInUse : Outcome.KeyStored;
        }
        catch
        {
            // A version found stale (or any refusal): the row is read again next time.
            if (versioned is not null) foreach (var entity in versioned.Keys) RememberedRows.Forget(entity);
            throw;
        }
        finally
        {
            await batch.DisposeAsync();
            await db.Database.CloseConnectionAsync();
        }

        // Saved: the rows are the database's now (their store-generated columns were not read back, but for the
        // remembered rows').
        foreach (var read in reads) if (read.Entry is { } saved) RememberedRows.Remember(saved, read.Version!, read.Values);
        db.ChangeTracker.Clear();
        if (events is not null || endpointsChanged) outbox.Committed(new OutboxCommit(events ?? [], endpointsChanged));
        return Outcome.Saved;
    }

    /// <summary>
    /// The UPDATE of a row attached at <paramref name="version"/>: its changed columns, where the row still has that
    /// version; the guard setting says whether it did (the raise after it fails the command when not), and its row
    /// carries the new version.
    /// </summary>
    private static NpgsqlBatchCommand VersionedUpdate(InsertPlan plan, Microsoft.EntityFrameworkCore.ChangeTracking.EntityEntry entry,
        string version, NpgsqlCommand factory)
    {
        var command = new NpgsqlBatchCommand();
        var sets = plan.ChangedColumns(entry, command, factory);
        var where = KeyAndVersion(plan, entry, version, command);
        command.CommandText = $"""
            WITH changed AS (UPDATE {plan.Table} SET {string.Join(", ", sets)} WHERE {where} RETURNING xmin::text AS version)
            SELECT set_config('payment_records.single_trip_guard', CASE WHEN EXISTS (SELECT 1 FROM changed) THEN 'ok' ELSE 'failed' END, true),
                (SELECT version FROM changed)
            """;
        return command;
    }

    /// <summary>The check that a row attached at <paramref name="version"/> and left unchanged still has that version.</summary>
    private static NpgsqlBatchCommand VersionCheck(InsertPlan plan, Microsoft.EntityFrameworkCore.ChangeTracking.EntityEntry entry, string version)
    {
        var command = new NpgsqlBatchCommand();
        var where = KeyAndVersion(plan, entry, version, command);
        command.CommandText = $"SELECT set_config('payment_records.single_trip_guard', CASE WHEN EXISTS (SELECT 1 FROM {plan.Table} WHERE {where}) THEN 'ok' ELSE 'failed' END, true)";
        return command;
    }

    private static string KeyAndVersion(InsertPlan plan, Microsoft.EntityFrameworkCore.ChangeTracking.EntityEntry entry, string version, NpgsqlBatchCommand command)
    {
        var conditions = new List<string>();
        // A key never changes: its current value is the stored one.
        foreach (var property in entry.Metadata.FindPrimaryKey()!.Properties)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = EntryValues.Current(entry, property) });
            conditions.Add($"{plan.ColumnOf(property).Column} = ${command.Parameters.Count}");
        }
        command.Parameters.Add(new NpgsqlParameter { Value = version });
        conditions.Add($"xmin::text = ${command.Parameters.Count}");
        return string.Join(" AND ", conditions);
    }

    /// <summary>
    /// What to read from a statement that returns a row, in the batch's order: nothing (a guard's own row); or the
    /// version of a row the command wrote (column <c>VersionAt</c>; a remembered INSERT's returns the columns the
    /// database generated after it, set on the entry and in the provider <c>Values</c> it sent) or checked (<c>Version</c>, known already), to remember it.
    /// </summary>
    private readonly record struct ReadBack(Microsoft.EntityFrameworkCore.ChangeTracking.EntityEntry? Entry, int VersionAt = -1,
        string? Version = null, InsertPlan? Plan = null, string? Sent = null, object?[]? Values = null)
    {
        public ReadBack From(System.Data.Common.DbDataReader reader)
        {
            if (Entry is null || VersionAt < 0) return this;
            if (Plan is not null && Sent is not null)
            {
                var ordinal = VersionAt + 1;
                for (var i = 0; i < Plan.Columns.Length; i++)
                {
                    if (Sent[i] != '0') continue;
                    var generated = reader.GetValue(ordinal++);
                    Entry.Property(Plan.Columns[i].Property.Name).CurrentValue = generated;
                    if (Values is not null) Values[i] = generated;
                }
            }
            return this with { Version = reader.GetString(VersionAt) };
        }
    }
}
