using System.Text.Json.Nodes;
using PaymentRecords.Api.Wire;
using PaymentRecords.Persistence;

namespace PaymentRecords.Api.Pipeline;

/// <summary>
/// Runs a Stripe GET operation's own handler in process for an account, as the pipeline would for a request to
/// <c>/v1/…</c>: same parameter coercion, same expansions, same renderer. The dashboard reads through this, so what it
/// shows is exactly what the API answers (totals cannot drift) and it never reaches the database itself.
/// </summary>
public sealed class ApiReads(PaymentRecordsDbContext db, InProcessOperations operations)
{
    /// <summary>The operation's JSON; a refusal (404 for another account's id, 400 for a bad parameter) is thrown as <see cref="StripeException"/>.</summary>
    public async Task<JsonObject> GetAsync(HttpContext http, string accountId, string pattern, string query,
        IReadOnlyDictionary<string, string>? routeValues = null)
    {
        var route = operations.Find("GET", pattern);
        return await route.Handler(operations.Scope(http, db, accountId, route, query, routeValues));
    }
}
