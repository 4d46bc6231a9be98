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
public sealed class ApiWrites(PaymentRecordsDbContext db, ExpansionRegistry expansions, ApiWrites.PostRoutes routes)
{
    private const int MaxAttempts = 3;

    /// <summary>The POST operations by route pattern, indexed once per application.</summary>
    public sealed class PostRoutes(EndpointDataSource endpoints)
    {
        private readonly Lazy<Dictionary<string, StripeRoute>> _byPattern = new(() => endpoints.Endpoints
            .Select(e => e.Metadata.GetMetadata<StripeRoute>())
            .OfType<StripeRoute>()
            .Where(r => r.Method == "POST")
            .GroupBy(r => r.Pattern, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal));

        public StripeRoute? Find(string pattern) => _byPattern.Value.GetValueOrDefault(pattern);
    }

    /// <summary>The operation's JSON once committed; a refusal is thrown as <see cref="StripeException"/> with nothing written.</summary>
    public async Task<JsonObject> PostAsync(HttpContext http, string accountId, string pattern, string form,
        IReadOnlyDictionary<string, string>? routeValues = null)
    {
        var route = routes.Find(pattern) ?? throw new InvalidOperationException($"No POST operation is routed at {pattern}.");
        var parameters = new StripeParams(ParamCoercer.Coerce(FormDecoder.Decode(null, form), route.Operation.Parameters));
        var expand = ExpandTree.Parse(parameters.Strings("expand"), route.IsList);
        expansions.Validate(route.ResponseObjectType, expand, route.IsList);
        foreach (var (name, value) in routeValues ?? new Dictionary<string, string>()) http.Request.RouteValues[name] = value;
        var scope = new RequestScope
        {
            Http = http,
            Db = db,
            AccountId = accountId,
            RequestId = RequestContext.RequestId(http),
            Params = parameters,
            Expand = expand,
            Expansions = expansions,
        };
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
