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

    /// <summary>
    /// An entity type's INSERT, worked out once per type: its table and mapped columns with their type mappings, and
    /// the statement's text for each set of columns it has been sent with (a store-generated column left at its
    /// sentinel is left out), so the text is built once and PostgreSQL prepares it once per connection.
    /// </summary>
    private sealed class InsertPlan
    {
        private readonly string _table;
        private readonly System.Collections.Concurrent.ConcurrentDictionary<string, string> _texts = new(StringComparer.Ordinal);

        private InsertPlan(string table, (IProperty Property, string Column, RelationalTypeMapping Mapping)[] columns)
        {
            _table = table;
            Columns = columns;
        }

        public (IProperty Property, string Column, RelationalTypeMapping Mapping)[] Columns { get; }

        /// <summary>The table, delimited.</summary>
        public string Table => _table;

        /// <summary>The column of <paramref name="property"/>, with its type mapping.</summary>
        public (string Column, RelationalTypeMapping Mapping) ColumnOf(IProperty property)
        {
            foreach (var (p, column, mapping) in Columns) if (p == property) return (column, mapping);
            throw new InvalidOperationException($"{property.Name} is not a column of {_table}");
        }

        public static InsertPlan For(IEntityType type, ISqlGenerationHelper helper)
        {
            var table = StoreObjectIdentifier.Table(type.GetTableName()!, type.GetSchema());
            var columns = type.GetProperties()
                .Select(p => (Property: p, Column: p.GetColumnName(table)))
                .Where(c => c.Column is not null)
                .Select(c => (c.Property, helper.DelimitIdentifier(c.Column!), c.Property.GetRelationalTypeMapping()))
                .ToArray();
            return new InsertPlan(helper.DelimitIdentifier(table.Name, table.Schema), columns);
        }

        /// <summary>
        /// <see cref="Text"/>, returning the row's version (<c>xmin</c>) and the columns left to the database, in order
        /// (a row <see cref="RememberedRows"/> keeps).
        /// </summary>
        public string TextReturningVersion(string sent) => _texts.GetOrAdd("v" + sent, static (key, plan) =>
        {
            var generated = new List<string> { "xmin::text" };
            for (var i = 1; i < key.Length; i++) if (key[i] == '0') generated.Add(plan.Columns[i - 1].Column);
            return plan.Text(key[1..]) + " RETURNING " + string.Join(", ", generated);
        }, this);

        /// <summary>The INSERT of the columns <paramref name="sent"/> marks ('1' sent, '0' left out), with positional parameters.</summary>
        public string Text(string sent) => _texts.GetOrAdd(sent, static (mask, plan) =>
        {
            var columns = new List<string>();
            for (var i = 0; i < mask.Length; i++) if (mask[i] == '1') columns.Add(plan.Columns[i].Column);
            return $"INSERT INTO {plan._table} ({string.Join(", ", columns)}) VALUES ({string.Join(", ", columns.Select((_, i) => $"${i + 1}"))})";
        }, this);
    }

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<IEntityType, InsertPlan> Plans = new();

    /// <summary>
    /// The parameters of statements sent before, kept by the statement's text for the next batch that sends the same
    /// text: an NpgsqlParameter is about 200 bytes, and a create sends some thirty (a fifth of what it allocated). The
    /// statement itself is new each time (Npgsql ties a sent statement to the connection that prepared it). A set of
    /// parameters is taken by one batch at a time and given back once that batch has run, its values cleared, so the
    /// pool holds no request's data. Each parameter keeps what its type mapping configured (its NpgsqlDbType, a json
    /// column's for instance) and only its value changes; its Size stays 0, so a value is never cut to a column's
    /// length: PostgreSQL refuses one that is too long, as it does for EF Core's own commands.
    /// </summary>
    private static class Parameters
    {
        private const int KeptPerText = 64;

        private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, System.Collections.Concurrent.ConcurrentQueue<NpgsqlParameter[]>> Kept =
            new(StringComparer.Ordinal);

        /// <summary>
        /// A statement of <paramref name="text"/> with the parameters a batch of it used before (<c>Kept</c>: their set,
        /// handed back to <see cref="Keep"/>), or with none (<c>Kept</c> null: add them).
        /// </summary>
        public static (NpgsqlBatchCommand Command, NpgsqlParameter[]? Kept) Statement(string text)
        {
            var command = new NpgsqlBatchCommand(text);
            if (!Kept.TryGetValue(text, out var queue) || !queue.TryDequeue(out var kept)) return (command, null);
            foreach (var parameter in kept) command.Parameters.Add(parameter);
            return (command, kept);
        }

        /// <summary>Keeps the parameters of statements made by <see cref="Statement"/> once their batch has run, their values cleared.</summary>
        public static void Keep(List<(NpgsqlBatchCommand Command, NpgsqlParameter[]? Kept)> statements)
        {
            foreach (var (command, taken) in statements)
            {
                if (command.Parameters.Count == 0) continue;
                var kept = taken is not null && taken.Length == command.Parameters.Count ? taken : new NpgsqlParameter[command.Parameters.Count];
                command.Parameters.CopyTo(kept, 0);
                command.Parameters.Clear();
                foreach (var parameter in kept) parameter.Value = null;
                var queue = Kept.GetOrAdd(command.CommandText, static _ => new());
                if (queue.Count < KeptPerText) queue.Enqueue(kept);
            }
        }
    }

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
    /// (<see cref="AttachAt"/>): what this class can save. Anything else (an update of a row read otherwise, a delete)
    /// goes through SaveChanges in the classic transaction. Changes are detected only when the tracker holds a row
    /// loaded unchanged (the handler may have changed it): an Added row stays Added whatever was done to it, and the
    /// model has no navigations through which a detection could add one.
    /// </summary>
    public static bool CanSave(DbContext db)
    {
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
        // The statements whose parameters are kept for the next batch of the same text (Parameters).
        var pooled = new List<(NpgsqlBatchCommand, NpgsqlParameter[]?)>(8);
        if (response is not null)
        {
            // The same claim the classic path sends in front of its first query (migration IdempotencyClaimProcedure).
            var (claim, kept) = Parameters.Statement(ClaimText);
            pooled.Add((claim, kept));
            if (kept is null) claim.Parameters.AddRange(new NpgsqlParameter[] { new(), new(), new() });
            claim.Parameters[0].Value = response.AccountId;
            claim.Parameters[1].Value = response.Key;
            claim.Parameters[2].Value = holdFor?.TotalSeconds ?? 0;
            batch.BatchCommands.Add(claim);
            db.Add(response);
        }

        if (Guards.TryGetValue(db, out var guards))
        {
            Guards.Remove(db);
            foreach (var (condition, values) in guards)
            {
                var names = new object[values.Length];
                for (var i = 0; i < values.Length; i++) names[i] = $"${i + 1}";
                var text = $"SELECT set_config('payment_records.single_trip_guard', CASE WHEN {string.Format(System.Globalization.CultureInfo.InvariantCulture, condition, names)} THEN 'ok' ELSE 'failed' END, true)";
                var (check, kept) = Parameters.Statement(text);
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
                var versionPlan = Plans.GetOrAdd(entry.Metadata, static (type, helper) => InsertPlan.For(type, helper), helper);
                batch.BatchCommands.Add(entry.State == EntityState.Modified ? VersionedUpdate(versionPlan, entry, version, factory) : VersionCheck(versionPlan, entry, version));
                batch.BatchCommands.Add(new NpgsqlBatchCommand(GuardRaiseText));
                reads.Add(entry.State == EntityState.Modified ? new ReadBack(entry, VersionAt: 1) : new ReadBack(entry, Version: version));
                continue;
            }
            if (entry.State != EntityState.Added) continue;
            if (entry.Entity is EventRecord e && !(events ??= []).Contains(e.AccountId)) events.Add(e.AccountId);
            if (entry.Entity is WebhookEndpoint) endpointsChanged = true;
            var plan = Plans.GetOrAdd(entry.Metadata, static (type, helper) => InsertPlan.For(type, helper), helper);
            var sent = string.Create(plan.Columns.Length, (plan, entry), static (mask, state) =>
            {
                for (var i = 0; i < state.plan.Columns.Length; i++)
                {
                    var property = state.plan.Columns[i].Property;
                    mask[i] = property.ValueGenerated != ValueGenerated.Never && Equals(EntryValues.Current(state.entry, property), property.Sentinel) ? '0' : '1';
                }
            });
            // A remembered row keeps the provider values its INSERT sends (no second conversion of its JSON).
            var remembered = RememberedRows.Remembers(entry.Metadata) ? new object?[plan.Columns.Length] : null;
            var text = remembered is not null ? plan.TextReturningVersion(sent) : plan.Text(sent);
            if (remembered is not null) reads.Add(new ReadBack(entry, VersionAt: 0, Plan: plan, Sent: sent, Values: remembered));
            var (insert, kept) = Parameters.Statement(text);
            pooled.Add((insert, kept));
            var parameter = 0;
            for (var i = 0; i < plan.Columns.Length; i++)
            {
                if (sent[i] == '0') continue;
                var (property, _, mapping) = plan.Columns[i];
                var value = EntryValues.Current(entry, property);
                if (kept is null)
                {
                    var made = (NpgsqlParameter)mapping.CreateParameter(factory, "", value, property.IsNullable);
                    made.Size = 0;
                    insert.Parameters.Add(made);
                }
                else insert.Parameters[parameter].Value = (mapping.Converter is { } converter ? converter.ConvertToProvider(value) : value) ?? DBNull.Value;
                if (remembered is not null) remembered[i] = insert.Parameters[parameter].Value is var sentValue and not DBNull ? sentValue : null;
                parameter++;
            }
            batch.BatchCommands.Add(insert);
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
            Parameters.Keep(pooled);
        }
        catch (PostgresException pg) when (pg.SqlState is KeyInUseState or KeyStoredState)
        {
            db.ChangeTracker.Clear();
            return pg.SqlState == KeyInUseState ? Outcome.KeyInUse : Outcome.KeyStored;
        }
        catch
        {
            if (response is not null) db.Entry(response).State = EntityState.Detached;
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
        var sets = new List<string>();
        foreach (var property in entry.Metadata.GetProperties())
        {
            if (!entry.Property(property.Name).IsModified) continue;
            var (column, mapping) = plan.ColumnOf(property);
            var parameter = (NpgsqlParameter)mapping.CreateParameter(factory, "", EntryValues.Current(entry, property), property.IsNullable);
            parameter.Size = 0;
            command.Parameters.Add(parameter);
            sets.Add($"{column} = ${command.Parameters.Count}");
        }
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
