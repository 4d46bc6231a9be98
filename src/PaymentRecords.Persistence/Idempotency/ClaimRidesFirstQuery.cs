using System.Data;
using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Npgsql;

namespace PaymentRecords.Persistence.Idempotency;

/// <summary>
/// Sends a write's Idempotency-Key claim with the request's first query instead of on its own: one round trip less
/// per write. The pipeline asks for it (<see cref="Request"/>) after opening the transaction; the next query the
/// context sends gets <c>CALL claim_idempotency_key(…)</c> in front of it (migration
/// <c>IdempotencyClaimProcedure</c>), which returns no result set, so the query's reader is unchanged. The procedure
/// raises <see cref="KeyInUseState"/> or <see cref="KeyStoredState"/> and the query never runs; the caller rolls back
/// and answers 409 at once, or replays through the classic claim.
/// <para>
/// Queries and statements carry it (a CALL adds no rows affected to a statement's count); a SaveChanges command is read back statement by statement (rows affected per statement), so
/// a statement in front would shift it. When the first command is a SaveChanges, or a request sends no command at all
/// before the pipeline flushes, <see cref="TakePending"/> hands the claim back to be sent on its own.
/// </para>
/// </summary>
public sealed class ClaimRidesFirstQuery : DbCommandInterceptor
{
    public const string KeyInUseState = "PR409";
    public const string KeyStoredState = "PR200";

    private sealed record Claim(string AccountId, string Key, double HoldSeconds);

    private static readonly ContextSlot<Claim> Pending = new();

    /// <summary>Asks for the claim of (account, key) to go with the context's next query.</summary>
    public static void Request(DbContext db, string accountId, string key, TimeSpan? hold) =>
        Pending.Set(db, new Claim(accountId, key, hold?.TotalSeconds ?? 0));

    /// <summary>
    /// The claim not sent yet, removed: the caller sends it on its own before the flush. Null once a query carried it.
    /// </summary>
    public static (string AccountId, string Key, double HoldSeconds)? TakePending(DbContext db)
    {
        if (!Pending.TryGetValue(db, out var claim)) return null;
        Pending.Remove(db);
        return (claim.AccountId, claim.Key, claim.HoldSeconds);
    }

    /// <summary>Whether a claim waits for the context's next command (a flush written by hand would not carry it).</summary>
    public static bool HasPending(DbContext db) => Pending.TryGetValue(db, out _);

    /// <summary>Forgets a claim that will not be sent (the request ended).</summary>
    public static void Forget(DbContext db) => Pending.Remove(db);

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData,
        InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        Prefix(command, eventData);
        return base.ReaderExecutingAsync(command, eventData, result, cancellationToken);
    }

    public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
    {
        Prefix(command, eventData);
        return base.ReaderExecuting(command, eventData, result);
    }

    public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData,
        InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Prefix(command, eventData);
        return base.NonQueryExecutingAsync(command, eventData, result, cancellationToken);
    }

    public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(DbCommand command, CommandEventData eventData,
        InterceptionResult<object> result, CancellationToken cancellationToken = default)
    {
        Prefix(command, eventData);
        return base.ScalarExecutingAsync(command, eventData, result, cancellationToken);
    }

    private static void Prefix(DbCommand command, CommandEventData eventData)
    {
        if (eventData.Context is not { } db || !Pending.TryGetValue(db, out var claim)) return;
        if (eventData.CommandSource is CommandSource.SaveChanges or CommandSource.Migrations) return;
        // Positional parameters ($1) cannot be mixed with the named ones added here.
        if (command.CommandType != CommandType.Text || command.Parameters.Cast<DbParameter>().Any(p => p.ParameterName.Length == 0)) return;
        Pending.Remove(db);
        command.CommandText = "CALL claim_idempotency_key(@claim_account, @claim_key, @claim_hold);\n" + command.CommandText;
        command.Parameters.Add(new NpgsqlParameter("claim_account", claim.AccountId));
        command.Parameters.Add(new NpgsqlParameter("claim_key", claim.Key));
        command.Parameters.Add(new NpgsqlParameter("claim_hold", claim.HoldSeconds));
    }
}
