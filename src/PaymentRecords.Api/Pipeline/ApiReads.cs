using System.Text.Json.Nodes;
using PaymentRecords.Api.Wire;
using PaymentRecords.Persistence;

namespace PaymentRecords.Api.Pipeline;

/// <summary>
/// Runs a Stripe GET operation's own handler in process for an account, as the pipeline would for a request to
/// <c>/v1/…</c>: same parameter coercion, same expansions, same renderer. The dashboard reads through this, so what it
/// shows is exactly what the API answers (totals cannot drift) and it never reaches the database itself.
/// </summary>
public sealed class ApiReads(PaymentRecordsDbContext db, ExpansionRegistry expansions, ApiReads.GetRoutes routes)
{
    /// <summary>The GET operations by route pattern, indexed once per application (the routes do not change after start-up).</summary>
    public sealed class GetRoutes(EndpointDataSource endpoints)
    {
        private readonly Lazy<Dictionary<string, StripeRoute>> _byPattern = new(() => endpoints.Endpoints
            .Select(e => e.Metadata.GetMetadata<StripeRoute>())
            .OfType<StripeRoute>()
            .Where(r => r.Method == "GET")
            .GroupBy(r => r.Pattern, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal));

        public StripeRoute? Find(string pattern) => _byPattern.Value.GetValueOrDefault(pattern);
    }

    /// <summary>The operation's JSON; a refusal (404 for another account's id, 400 for a bad parameter) is thrown as <see cref="StripeException"/>.</summary>
    public async Task<JsonObject> GetAsync(HttpContext http, string accountId, string pattern, string query,
        IReadOnlyDictionary<string, string>? routeValues = null)
    {
        var route = routes.Find(pattern) ?? throw new InvalidOperationException($"No GET operation is routed at {pattern}.");
        var parameters = new StripeParams(ParamCoercer.Coerce(FormDecoder.Decode(query), route.Operation.Parameters));
        var expand = ExpandTree.Parse(parameters.Strings("expand"), route.IsList);
        expansions.Validate(route.ResponseObjectType, expand, route.IsList);
        // Handlers read their path parameters from the request's route values.
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
        return await route.Handler(scope);
    }
}
