using PaymentRecords.Api.Wire;
using PaymentRecords.Persistence;

namespace PaymentRecords.Api.Pipeline;

/// <summary>
/// What running a Stripe operation's own handler in process takes (<see cref="ApiReads"/>, <see cref="ApiWrites"/>):
/// the operation found by method and route pattern (indexed once per application: the routes do not change after
/// start-up), and the request scope its handler reads, built as the pipeline builds it: same parameter coercion, same
/// expansions.
/// </summary>
public sealed class InProcessOperations(EndpointDataSource endpoints, ExpansionRegistry expansions)
{
    private readonly Lazy<Dictionary<(string Method, string Pattern), StripeRoute>> _routes = new(() => endpoints.Endpoints
        .Select(e => e.Metadata.GetMetadata<StripeRoute>())
        .OfType<StripeRoute>()
        .GroupBy(r => (r.Method, r.Pattern))
        .ToDictionary(g => g.Key, g => g.First()));

    public StripeRoute Find(string method, string pattern) =>
        _routes.Value.GetValueOrDefault((method, pattern)) ?? throw new InvalidOperationException($"No {method} operation is routed at {pattern}.");

    /// <summary>
    /// The scope of <paramref name="route"/> for <paramref name="accountId"/> with the form-encoded
    /// <paramref name="parameters"/>; a bad parameter or expansion is thrown as <see cref="StripeException"/>.
    /// </summary>
    public RequestScope Scope(HttpContext http, PaymentRecordsDbContext db, string accountId, StripeRoute route, string parameters,
        IReadOnlyDictionary<string, string>? routeValues)
    {
        var values = new StripeParams(ParamCoercer.Coerce(FormDecoder.Decode(parameters), route.Operation.Parameters));
        var expand = ExpandTree.Parse(values.Strings("expand"), route.IsList);
        expansions.Validate(route.ResponseObjectType, expand, route.IsList, route.IsSearch);
        // Handlers read their path parameters from the request's route values.
        foreach (var (name, value) in routeValues ?? new Dictionary<string, string>()) http.Request.RouteValues[name] = value;
        return new RequestScope
        {
            Http = http,
            Db = db,
            AccountId = accountId,
            RequestId = RequestContext.RequestId(http),
            Params = values,
            Expand = expand,
            Expansions = expansions,
        };
    }
}
