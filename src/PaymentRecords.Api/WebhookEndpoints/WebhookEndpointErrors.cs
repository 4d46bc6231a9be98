using PaymentRecords.Api.Wire;

namespace PaymentRecords.Api.WebhookEndpoints;

/// <summary>The webhook endpoint errors (url, api_version), each a row with its factory; registered in <c>Hosting/PaymentRecordsApp.cs</c>.</summary>
public static class WebhookEndpointErrors
{
    /// <summary>Registered in <c>Hosting/PaymentRecordsApp.cs</c> (<c>ErrorRows</c>).</summary>
    public static readonly ErrorRowSet Rows = new();

    private static readonly ErrorRow WebhookUrlInvalidRow = Rows.Add(new("webhook_url_invalid", 400, ErrorCatalog.InvalidRequest, "url_invalid",
        "Invalid URL: {0}. A webhook endpoint's url must be an absolute http:// or https:// URL.", Wording.Inferred, IsParameterError: true));
    public static StripeError WebhookUrlInvalid(string url) => WebhookUrlInvalidRow.Make("url", url);

    private static readonly ErrorRow WebhookApiVersionInvalidRow = Rows.Add(new("webhook_api_version_invalid", 400, ErrorCatalog.InvalidRequest, null,
        "Invalid api_version: {0}. It must look like YYYY-MM-DD or YYYY-MM-DD.name.", Wording.Inferred, IsParameterError: true));
    public static StripeError WebhookApiVersionInvalid(string version) => WebhookApiVersionInvalidRow.Make("api_version", version);

    private static readonly ErrorRow TooManyEndpointsRow = Rows.Add(new("webhook_endpoints_limit", 400, ErrorCatalog.InvalidRequest, null,
        "You can register up to {0} webhook endpoints on each account. Delete one before you create another.", Wording.Inferred));
    public static StripeError TooManyEndpoints(int max) => TooManyEndpointsRow.Make(null, max);
}
