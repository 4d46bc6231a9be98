using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using PaymentRecords.Api.Wire;
using PaymentRecords.Persistence;

namespace PaymentRecords.Api.Pipeline;

/// <summary>
/// Runs a Stripe POST operation's own handler in process for an account, as <see cref="StripePipeline"/> runs a write
/// without an Idempotency-Key: same parameter coercion, same use case and refusals, one transaction that commits the
/// change with its events or rolls all of it back. The dashboard's actions go through this (Advance is
/// <c>POST /v1/test_helpers/test_clocks/{id}/advance</c>, nothing of its rules is copied) and never reach the database
/// themselves.
/// </summary>
public sealed class ApiWrites(PaymentRecordsDbContext db, InProcessOperations operations)
{
    private const int MaxAttempts = 3;

    /// <summary>The operation's JSON once committed; a refusal is thrown as <see cref="StripeException"/> with nothing written.</summary>
    public async Task<JsonObject> PostAsync(HttpContext http, string accountId, string pattern, string form,
        IReadOnlyDictionary<string, string>? routeValues = null)
    {
        var route = operations.Find("POST", pattern);
        var scope = operations.Scope(http, db, accountId, route, form, routeValues);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await RunAsync(route, scope);
            }
            catch (Exception e) when (attempt < MaxAttempts && StripePipeline.IsTransient(e))
            {
                db.ChangeTracker.Clear();
            }
        }
    }

    private async Task<JsonObject> RunAsync(StripeRoute route, RequestScope scope)
    {
        await using var tx = await db.Database.BeginTransactionAsync();
        try
        {
            var result = await route.Handler(scope);
            await UniqueRules.SaveChangesAsync(db);
            await tx.CommitAsync();
            return result;
        }
        catch (StripeException)
        {
            await tx.RollbackAsync();
            db.ChangeTracker.Clear();
            throw;
        }
    }
}
