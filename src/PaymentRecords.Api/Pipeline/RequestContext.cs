using PaymentRecords.Api.Wire;
using PaymentRecords.Domain.Common;

namespace PaymentRecords.Api.Pipeline;

/// <summary>
/// Runs before routing for every request: assigns the Request-Id, refuses requests over the documented size
/// limits (<see cref="HttpLimits"/>), and for /v1 paths checks the API key and the
/// Stripe-Version header, so unknown routes answer in Stripe's envelope too.
/// </summary>
public sealed class RequestContext(RequestDelegate next)
{
    private const string AccountKey = "pr.account";
    private const string RequestIdKey = "pr.request_id";

    public static string AccountId(HttpContext http) => (string)http.Items[AccountKey]!;
    public static string RequestId(HttpContext http) => (string)http.Items[RequestIdKey]!;

    public async Task InvokeAsync(HttpContext http)
    {
        var requestId = Ids.New(Ids.Request);
        http.Items[RequestIdKey] = requestId;
        http.Response.Headers["Request-Id"] = requestId;
        if (HttpLimits.Check(http) is { } tooLarge)
        {
            // Answered before anything reads the request; the rest of it is not worth keeping the connection for.
            http.Response.Headers.Connection = "close";
            await StripeResponses.WriteErrorAsync(http, tooLarge);
            return;
        }
        if (!http.Request.Path.StartsWithSegments("/v1"))
        {
            await next(http);
            return;
        }
        http.Response.Headers["Stripe-Version"] = StripeVersion.Current;
        var (accountId, error) = ApiKeys.Authenticate(http.Request.Headers.Authorization);
        if (error is not null)
        {
            http.Response.Headers.WWWAuthenticate = "Basic realm=\"Stripe\"";
            await StripeResponses.WriteErrorAsync(http, error);
            return;
        }
        var version = http.Request.Headers["Stripe-Version"].ToString();
        if (!StripeVersion.IsAcceptable(version))
        {
            await StripeResponses.WriteErrorAsync(http, ErrorCatalog.InvalidStripeVersion(version));
            return;
        }
        http.Items[AccountKey] = accountId;
        var idempotencyKey = http.Request.Headers["Idempotency-Key"].ToString();
        if (idempotencyKey.Length > 0) http.Response.Headers["Idempotency-Key"] = idempotencyKey;
        await next(http);
    }
}
