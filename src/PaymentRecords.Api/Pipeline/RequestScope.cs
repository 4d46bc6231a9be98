using System.Text.Json.Nodes;
using PaymentRecords.Api.Wire;
using PaymentRecords.Persistence;

namespace PaymentRecords.Api.Pipeline;

/// <summary>Everything a handler needs about the request it serves: caller, parameters, database, clock.</summary>
public sealed class RequestScope
{
    public required HttpContext Http { get; init; }
    public required PaymentRecordsDbContext Db { get; init; }
    public required string AccountId { get; init; }
    public required string RequestId { get; init; }
    public string? IdempotencyKey { get; init; }
    public required StripeParams Params { get; init; }
    public required ExpandTree Expand { get; init; }
    public required ExpansionRegistry Expansions { get; init; }

    /// <summary>
    /// The handler's result is only written into the HTTP response (an API read): nothing reads or changes it after,
    /// so it may hold values written straight into the response (<see cref="Rendering.WrittenLater"/>). False for the
    /// dashboard's in-process reads and for writes, whose results are read again.
    /// </summary>
    public bool SendsOnly { get; init; }
    private long? _now;

    /// <summary>
    /// The request's time in Unix seconds: one value for every object it writes. Read on first use, which handlers
    /// reach after taking their row locks, so a request that waited for a lock is stamped when it actually ran
    /// (its ledger entries and events then sort in the order the changes happened).
    /// </summary>
    public long Now => _now ??= DateTimeOffset.UtcNow.ToUnixTimeSeconds();

    public string Route(string name) => (string)Http.Request.RouteValues[name]!;

    /// <summary>
    /// Flushes the unit of work's pending changes, inside the request's transaction, before a read that must see them
    /// (an expansion's loader, a credit note's rendering: <see cref="CreditNotes.CreditNoteStore.RenderAsync"/>). Invoice
    /// renderings leave changes pending when they read nothing
    /// (<see cref="Invoices.InvoiceRendering.RenderAsync"/>). A create that will be saved in one round trip has no
    /// transaction open: nothing is flushed there, and its expansions read what is stored.
    /// </summary>
    public async Task FlushBeforeReadAsync()
    {
        if (Db.Database.CurrentTransaction is null || !Db.ChangeTracker.HasChanges()) return;
        await UniqueRules.SaveChangesAsync(Db);
    }

    /// <summary>
    /// Makes <paramref name="change"/> for real, flushed, reads <paramref name="read"/> on top of it, then undoes the
    /// change: a savepoint of the write's transaction rolled back and the change tracker cleared, so nothing of it is
    /// stored or sent (its events, due work and outbox rows included). What the request wrote before it is flushed
    /// first and stays (an idempotency key's claim rides the request's first query: send one before this); objects it
    /// tracked are detached, so nothing may be changed through them afterwards. Used by create_preview of a change.
    /// </summary>
    public async Task<T> ChangeThenUndoAsync<T>(Func<Task> change, Func<Task<T>> read)
    {
        var transaction = Db.Database.CurrentTransaction ?? throw new InvalidOperationException("a write runs in a transaction");
        await FlushBeforeReadAsync();
        await transaction.CreateSavepointAsync(UndoSavepoint);
        var failed = false;
        try
        {
            await change();
            await UniqueRules.SaveChangesAsync(Db);
            return await read();
        }
        catch
        {
            failed = true;
            throw;
        }
        finally
        {
            try
            {
                await transaction.RollbackToSavepointAsync(UndoSavepoint);
            }
            // A failure already on its way keeps its cause: the request's whole transaction is rolled back after it.
            // Without one, a rollback that failed must not let the read's answer out (the change would still stand).
            catch when (failed)
            {
            }
            Db.ChangeTracker.Clear();
        }
    }

    private const string UndoSavepoint = "change_then_undo";

    /// <summary>Expands <paramref name="obj"/> along the request's expand[] tree.</summary>
    public async Task<JsonObject> ExpandAsync(JsonObject obj, string objectType)
    {
        await Expansions.ApplyAsync(this, obj, objectType, Expand);
        return obj;
    }
}
